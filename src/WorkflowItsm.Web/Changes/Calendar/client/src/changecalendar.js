// The change calendar: FullCalendar (MIT packages only) driven by the Blazor page (ChangeCalendarPage). Events come
// from /api/changes/calendar for the visible range (the browser's cookie signs the request); clicking a change,
// a CAB meeting or a release's phase opens its page through Blazor's navigation.
import { Calendar } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import timeGridPlugin from '@fullcalendar/timegrid';
import listPlugin from '@fullcalendar/list';
import interactionPlugin from '@fullcalendar/interaction';

const calendars = new Map();
let nextId = 1;

// Colours by state: planned work blue, in progress dark orange (white text keeps 4.5:1), done grey, not yet authorized purple.
const stateColours = {
  New: '#7e57c2', Assess: '#7e57c2', Authorize: '#7e57c2',
  Scheduled: '#1565c0', Implement: '#b94a00', Review: '#00838f', Closed: '#757575',
};

const stateWords = { Implement: 'Implementing', Authorize: 'Awaiting authorization', Assess: 'Being assessed' };

function toEvent(entry) {
  switch (entry.kind) {
    case 'Change': {
      const conflict = entry.hasConflicts ? '⚠ ' : '';
      const hold = entry.onHold ? ' (on hold)' : '';
      return {
        id: entry.id,
        title: `${conflict}${entry.title}${hold}`,
        start: entry.start,
        end: entry.end,
        backgroundColor: stateColours[entry.state] ?? '#1565c0',
        borderColor: entry.hasConflicts ? '#c62828' : (stateColours[entry.state] ?? '#1565c0'),
        classNames: entry.hasConflicts ? ['wi-change-conflict'] : [],
        extendedProps: { number: entry.changeNumber, state: stateWords[entry.state] ?? entry.state, conflict: entry.hasConflicts },
      };
    }
    case 'MaintenanceWindow':
      return { id: entry.id, title: `Maintenance: ${entry.title}`, start: entry.start, end: entry.end, display: 'background', backgroundColor: '#a5d6a7' };
    case 'CabMeeting':
      // Deep pink keeps white text at 6.9:1 and stands apart from the changes' state colours.
      return {
        id: entry.id,
        title: entry.title,
        start: entry.start,
        end: entry.end,
        backgroundColor: '#ad1457',
        borderColor: '#880e4f',
        classNames: ['wi-cab-meeting'],
        extendedProps: { link: entry.link, agenda: entry.detail },
      };
    case 'ReleasePhase':
      // A release's planned phase, whole days; dark brown keeps white text at 9:1 and differs from every change colour.
      return {
        id: entry.id,
        title: entry.title,
        start: entry.start,
        end: entry.end,
        allDay: true,
        backgroundColor: '#5d4037',
        borderColor: '#3e2723',
        classNames: ['wi-release-phase'],
        // Long bars of weeks: drawn below the day's changes (eventOrder), so they never push a change into "+ more".
        extendedProps: { link: entry.link, detail: entry.detail, release: true, order: 1 },
      };
    case 'Blackout':
      return { id: entry.id, title: `Blackout: ${entry.title}`, start: entry.start, end: entry.end, backgroundColor: '#424242', borderColor: '#212121', classNames: ['wi-blackout'] };
    default:
      return { id: entry.id, title: `Freeze: ${entry.title}`, start: entry.start, end: entry.end, backgroundColor: '#0277bd', borderColor: '#01579b', classNames: ['wi-freeze'] };
  }
}

async function load(info, success, failure) {
  try {
    const query = `start=${encodeURIComponent(info.start.toISOString())}&end=${encodeURIComponent(info.end.toISOString())}`;
    const response = await fetch(`api/changes/calendar?${query}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(`The calendar could not be read (${response.status}).`);
    }
    const range = await response.json();
    // Every event gets an order (FullCalendar sorts a missing one last): changes 0, release phases 1.
    success(range.entries.map(toEvent).map((event) => ({ ...event, extendedProps: { order: 0, ...event.extendedProps } })));
  } catch (error) {
    failure(error);
  }
}

export function create(element) {
  // A phone gets the list and a day's grid; a month grid of 390 px is unreadable.
  const narrow = window.matchMedia('(max-width: 700px)').matches;
  const calendar = new Calendar(element, {
    plugins: [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin],
    initialView: narrow ? 'listWeek' : 'dayGridMonth',
    headerToolbar: narrow
      ? { left: 'prev,next', center: 'title', right: 'listWeek,timeGridDay' }
      : { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,listWeek' },
    buttonText: { today: 'Today', month: 'Month', week: 'Week', day: 'Day', list: 'List' },
    // Coloured blocks in the month grid too (FullCalendar draws timed events there as dots by default).
    eventDisplay: 'block',
    firstDay: 1,
    height: 'auto',
    nowIndicator: true,
    dayMaxEventRows: 4,
    eventOrder: 'order,start,-duration,allDay,title',
    eventOrderStrict: true,
    eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    events: load,
    buttonHints: { prev: 'Previous $0', next: 'Next $0', today: 'This $0' },
    // FullCalendar marks its chevrons role="img" without a name; the buttons carry the name, so the icons are hidden from screen readers.
    datesSet: () => element.querySelectorAll('.fc-icon[role="img"]').forEach((icon) => {
      icon.removeAttribute('role');
      icon.setAttribute('aria-hidden', 'true');
    }),
    eventDidMount: (arg) => {
      const props = arg.event.extendedProps;
      if (props.number) {
        arg.el.setAttribute('title', `${arg.event.title} · ${props.state}${props.conflict ? ' · has conflicts' : ''}`);
        arg.el.dataset.change = props.number;
      } else if (props.release) {
        arg.el.setAttribute('title', `${arg.event.title} · ${props.detail ?? ''}`);
        arg.el.dataset.releasePhase = arg.event.id;
      } else if (props.link) {
        arg.el.setAttribute('title', `${arg.event.title} · Agenda: ${(props.agenda ?? '').replaceAll('\n', '; ')}`);
        arg.el.dataset.cabMeeting = arg.event.id;
      }
    },
    eventClick: (arg) => {
      const { number, link } = arg.event.extendedProps;
      if (number || link) {
        arg.jsEvent.preventDefault();
        const url = number ? `changes/${number}` : link;
        if (window.Blazor && typeof window.Blazor.navigateTo === 'function') {
          window.Blazor.navigateTo(url);
        } else {
          window.location.href = url;
        }
      }
    },
  });
  calendar.render();
  const id = nextId++;
  calendars.set(id, calendar);
  return id;
}

export function gotoDate(id, iso) {
  calendars.get(id)?.gotoDate(iso);
}

export function refresh(id) {
  calendars.get(id)?.refetchEvents();
}

export function destroy(id) {
  calendars.get(id)?.destroy();
  calendars.delete(id);
}

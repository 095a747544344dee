// The process owners' designer: a bpmn-js modeler with the Camunda 7 properties panel, driven by the Blazor
// page through window.WorkflowItsmDesigner (JS interop). The server validates; this file only shows problems.
import BpmnModeler from 'bpmn-js/lib/Modeler';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import CamundaBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import { ElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import TemplatePaletteModule from './templatePalette';
import TokenSimulationModule from 'bpmn-js-token-simulation';
import { compareDefinitions, typeLabel } from './compareVersions';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import './designer.css';

const designers = new Map();
let nextId = 1;

function get(id) {
  const designer = designers.get(id);
  if (!designer) {
    throw new Error(`No designer ${id} is open.`);
  }
  return designer;
}

/** A new diagram: one executable process whose id is the key, with a none start event. */
function emptyDiagram(key, name) {
  const escape = (text) => String(text).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="Definitions_${escape(key)}" targetNamespace="http://workflowitsm.org/bpmn">
  <bpmn:process id="${escape(key)}" name="${escape(name || key)}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" name="Start" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${escape(key)}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

/**
 * Clears what was painted on the diagram last (markers and overlays) and returns the means to paint again; every
 * marker and badge painted through it is remembered so the next paint removes it.
 */
function repaint(designer) {
  const registry = designer.modeler.get('elementRegistry');
  const canvas = designer.modeler.get('canvas');
  const overlays = designer.modeler.get('overlays');
  designer.overlays.forEach((overlay) => overlays.remove(overlay));
  designer.markers.forEach(([elementId, marker]) => registry.get(elementId) && canvas.removeMarker(elementId, marker));
  (designer.filled || []).forEach((shape) => { shape.style.fill = ''; });
  designer.overlays = [];
  designer.markers = [];
  designer.filled = [];
  return {
    registry,
    fill(elementId, color) {
      const gfx = registry.getGraphics(elementId);
      const shape = gfx && gfx.querySelector('.djs-visual > :first-child');
      if (shape) {
        shape.style.fill = color;
        designer.filled.push(shape);
      }
    },
    mark(elementId, marker) {
      if (registry.get(elementId)) {
        canvas.addMarker(elementId, marker);
        designer.markers.push([elementId, marker]);
      }
    },
    badge(elementId, className, text, title, position, onClick) {
      if (!registry.get(elementId)) {
        return;
      }
      const html = document.createElement('div');
      html.className = className;
      html.textContent = text;
      html.title = title;
      html.dataset.elementId = elementId;
      if (onClick) {
        html.addEventListener('click', () => onClick(elementId));
      }
      designer.overlays.push(overlays.add(elementId, 'wi-paint', { position, html }));
    },
  };
}

// The stylesheet esbuild emits beside this bundle, added once when the page first imports the module.
if (!document.querySelector('link[data-wi-designer]')) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('./designer.css', import.meta.url).href;
  link.dataset.wiDesigner = '';
  document.head.appendChild(link);
}

const api = {
  /**
   * Opens a modeler (or, read-only, a viewer) in host; returns its handle. changes (a .NET object reference) is
   * told, debounced, when the diagram changes so the page can save state and validate; a viewer tells it when a
   * fault badge is clicked.
   */
  create(host, options, changes) {
    const canvas = host.querySelector('.wi-canvas');
    const panel = host.querySelector('.wi-properties');
    const readOnly = !!(options && options.readOnly);
    // The element templates of the host's service-task handlers (a JSON array), for the palette and the panel.
    const templates = options && options.templates ? JSON.parse(options.templates) : [];
    const modeler = readOnly
      ? new NavigatedViewer({ container: canvas, moddleExtensions: { camunda: camundaModdle } })
      : new BpmnModeler({
          container: canvas,
          propertiesPanel: { parent: panel },
          elementTemplates: templates,
          workflowItsmPalette: { templates },
          additionalModules: [
            BpmnPropertiesPanelModule,
            BpmnPropertiesProviderModule,
            CamundaPlatformPropertiesProviderModule,
            CamundaBehaviorsModule,
            ElementTemplatesPropertiesProviderModule,
            TemplatePaletteModule,
            // Dry runs inside the designer: the toggle at the canvas's top left.
            TokenSimulationModule,
          ],
          moddleExtensions: { camunda: camundaModdle },
        });
    const id = nextId++;
    const designer = { modeler, overlays: [], markers: [], timer: null, changes, autoFit: true, resizes: null };
    designers.set(id, designer);
    // The canvas changes size when the page's layout settles or the menu opens and closes: keep the diagram in view,
    // fitted until the person first touches it (then only the canvas's size is updated, their view stays).
    const untouched = () => { designer.autoFit = false; };
    canvas.addEventListener('mousedown', untouched, { once: true });
    canvas.addEventListener('wheel', untouched, { once: true });
    // The palette scrolls within the canvas's height: a wheel over it scrolls the palette, not the diagram underneath
    // (diagram-js listens on its container, inside this element, so the event stops here on its way down).
    canvas.addEventListener('wheel', (event) => {
      if (event.target instanceof Element && event.target.closest('.djs-palette')) {
        event.stopPropagation();
      }
    }, { capture: true });
    designer.resizes = new ResizeObserver(() => {
      const view = modeler.get('canvas');
      view.resized();
      if (designer.autoFit && canvas.clientWidth > 0 && canvas.clientHeight > 0) {
        view.zoom('fit-viewport', 'auto');
      }
    });
    designer.resizes.observe(canvas);
    if (!readOnly && changes) {
      modeler.on('commandStack.changed', () => {
        clearTimeout(designer.timer);
        designer.timer = setTimeout(() => changes.invokeMethodAsync('DiagramChanged').catch(() => {}), 500);
      });
    }
    return id;
  },

  /** Shows xml; returns null, or the error message when it cannot be read (the page stays usable). */
  async open(id, xml) {
    const { modeler } = get(id);
    try {
      await modeler.importXML(xml);
      modeler.get('canvas').zoom('fit-viewport', 'auto');
      return null;
    } catch (error) {
      return error && error.message ? error.message : String(error);
    }
  },

  async openNew(id, key, name) {
    return api.open(id, emptyDiagram(key, name));
  },

  async xml(id) {
    const { xml } = await get(id).modeler.saveXML({ format: true });
    return xml;
  },

  /** problems: [{ elementId, message, isError }]; each element gets a marker and a badge whose title lists its problems. */
  setProblems(id, problems) {
    const { registry, mark, badge } = repaint(get(id));
    const byElement = new Map();
    for (const problem of problems || []) {
      if (problem.elementId && registry.get(problem.elementId)) {
        const list = byElement.get(problem.elementId) || [];
        list.push(problem);
        byElement.set(problem.elementId, list);
      }
    }
    for (const [elementId, list] of byElement) {
      const isError = list.some((p) => p.isError);
      mark(elementId, isError ? 'wi-problem-error' : 'wi-problem-warning');
      badge(elementId, `wi-problem-badge ${isError ? 'error' : 'warning'}`, String(list.length), list.map((p) => p.message).join('\n'), { top: -10, right: 10 });
    }
    return byElement.size;
  },

  /** Selects an element and brings it into view (clicking a problem in the list). */
  select(id, elementId) {
    const { modeler } = get(id);
    const element = modeler.get('elementRegistry').get(elementId);
    if (!element) {
      return false;
    }
    modeler.get('selection').select(element);
    modeler.get('canvas').scrollToElement(element);
    return true;
  },

  /**
   * Paints an instance on a read-only diagram: the path taken (elements left, and the flows between two elements it
   * passed), a badge with the number of tokens on each active element, and faults. Repainting replaces the last.
   */
  showInstance(id, view) {
    const designer = get(id);
    const { registry, mark, badge, fill } = repaint(designer);
    // Clicking a fault tells the page (its .NET reference), which shows the error and the retry button.
    const faultClicked = designer.changes
      ? (elementId) => designer.changes.invokeMethodAsync('FaultClicked', elementId).catch(() => {})
      : null;
    const entered = new Set(view.entered || []);
    const taken = new Set(view.taken || []);
    taken.forEach((elementId) => mark(elementId, 'wi-taken'));
    registry.filter((element) => element.type === 'bpmn:SequenceFlow').forEach((flow) => {
      if (flow.source && flow.target && taken.has(flow.source.id) && entered.has(flow.target.id)) {
        mark(flow.id, 'wi-taken');
      }
    });
    for (const [elementId, count] of Object.entries(view.tokens || {})) {
      mark(elementId, 'wi-active');
      badge(elementId, 'wi-token', String(count), `${count} token(s) here`, { bottom: 10, left: -8 });
    }
    for (const fault of view.faults || []) {
      mark(fault.elementId, 'wi-fault');
      badge(fault.elementId, 'wi-fault-badge', '!', fault.message, { top: -10, right: 10 }, faultClicked);
    }
    for (const [elementId, stat] of Object.entries(view.heat || {})) {
      badge(elementId, 'wi-heat', stat.label, stat.title, { bottom: -18, left: 0 });
      if (!(view.tokens || {})[elementId]) {
        fill(elementId, `rgba(230, 81, 0, ${(0.08 + 0.6 * stat.weight).toFixed(2)})`);
      }
    }
  },

  /**
   * Compares the diagram in oldId (the older version) with the one in newId: removed elements are marked on the old
   * one; added, changed and moved ones on the new one. Returns the changes for the page's list.
   */
  diff(oldId, newId) {
    const changes = api.compare(get(oldId).modeler.getDefinitions(), get(newId).modeler.getDefinitions());
    const paintOld = repaint(get(oldId));
    const paintNew = repaint(get(newId));
    changes.removed.forEach((element) => paintOld.mark(element.id, 'wi-diff-removed'));
    changes.added.forEach((element) => paintNew.mark(element.id, 'wi-diff-added'));
    changes.moved.forEach((element) => paintNew.mark(element.id, 'wi-diff-moved'));
    changes.changed.forEach((element) => paintNew.mark(element.id, 'wi-diff-changed'));
    return changes;
  },

  /** The changes from the older definitions (before) to the newer (after), as the Compare page lists them. */
  compare(before, after) {
    const changes = compareDefinitions(before, after);
    const describe = (element) => ({ id: element.id, type: typeLabel(element.$type), name: element.name || null });
    return {
      added: Object.values(changes.added).map(describe),
      removed: Object.values(changes.removed).map(describe),
      changed: Object.values(changes.changed).map((change) => ({
        ...describe(change.model),
        attributes: Object.entries(change.attrs).map(([name, values]) => ({ name, oldValue: values.oldValue, newValue: values.newValue })),
      })),
      moved: Object.values(changes.layoutChanged).map(describe),
    };
  },

  /** compare for two .bpmn texts (tests and the console). */
  async compareXml(beforeXml, afterXml) {
    const reader = new NavigatedViewer({ moddleExtensions: { camunda: camundaModdle } });
    try {
      const moddle = reader.get('moddle');
      const [before, after] = await Promise.all([moddle.fromXML(beforeXml), moddle.fromXML(afterXml)]);
      return api.compare(before.rootElement, after.rootElement);
    } finally {
      reader.destroy();
    }
  },

  /** Offers text as a file to save (the owner's .bpmn). */
  download(fileName, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/xml' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },

  /** The bpmn-js instance (for the browser console and tests). */
  modeler(id) {
    return get(id).modeler;
  },

  /** The most recently opened bpmn-js instance (for tests, which do not know the handle). */
  latest() {
    return [...designers.values()].pop()?.modeler;
  },

  destroy(id) {
    const designer = designers.get(id);
    if (designer) {
      clearTimeout(designer.timer);
      designer.resizes?.disconnect();
      designer.modeler.destroy();
      designers.delete(id);
    }
  },
};

// The Blazor page imports this module and calls its exports; the global is for the browser console and tests.
window.WorkflowItsmDesigner = api;
export const { create, open, openNew, xml, setProblems, select, showInstance, diff, compare, compareXml, download, modeler, destroy } = api;

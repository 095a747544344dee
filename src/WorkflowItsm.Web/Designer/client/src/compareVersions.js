// What changed between two versions of a diagram, for the Compare page. bpmn-js-differ computes the delta (jsondiffpatch
// over the moddle trees); its own walker is not used because it reports a change backwards (it calls its handler's
// changed(model, property, newValue, oldValue) with the old value first), lists every parent of a change (the process,
// an element whose extension elements changed) as "changed" with no detail, and cannot tell an addition from a
// removal. This walker keeps old → new, puts each change on the element it belongs to with the path to it, and
// ignores what is only serialization: order (moves) and whitespace in text.
import { Differ } from 'bpmn-js-differ';

const TRACKED = ['bpmn:Participant', 'bpmn:Collaboration', 'bpmn:FlowElement', 'bpmn:MessageFlow', 'bpmn:Lane', 'bpmn:DataAssociation'];
const LAYOUT = ['bpmndi:BPMNShape', 'bpmndi:BPMNEdge'];

// The attributes people know by another word than the XML's.
const PROPERTY_LABELS = {
  $type: 'type', sourceRef: 'from', targetRef: 'to', attachedToRef: 'attached to', default: 'default flow',
  conditionExpression: 'condition', calledElement: 'called process', candidateGroups: 'candidate groups',
  candidateUsers: 'candidate users', delegateExpression: 'handler', modelerTemplate: 'template',
};

const isModdle = (value) => !!(value && typeof value === 'object' && typeof value.$instanceOf === 'function');
const isAny = (element, types) => isModdle(element) && types.some((type) => element.$instanceOf(type));

/** 'bpmn:UserTask' → 'User task'. */
export function typeLabel(type) {
  const local = String(type).replace(/^[^:]*:/, '');
  const words = local.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The element a change is shown on: a flow element, lane, participant; a process in a pool is its participant. */
function trackedElement(element) {
  if (!isModdle(element) || element.$instanceOf('bpmn:DataObject')) {
    return null;
  }
  if (element.$instanceOf('bpmn:Process')) {
    const collaboration = (element.$parent?.rootElements || []).find((root) => root.$instanceOf('bpmn:Collaboration'));
    return collaboration ? (collaboration.participants || []).find((p) => p.processRef === element) || null : element;
  }
  return isAny(element, TRACKED) ? element : null;
}

/** The names of the elements of both versions by id (the newer name wins), for references such as a flow's source. */
function namesById(...definitions) {
  const names = new Map();
  const visit = (element) => {
    if (!isModdle(element)) {
      return;
    }
    if (element.id && element.name) {
      names.set(element.id, element.name);
    }
    [element.rootElements, element.flowElements, element.participants, element.laneSets, element.lanes].forEach((children) => (children || []).forEach(visit));
  };
  definitions.forEach(visit);
  return names;
}

/** A value as a person reads it: text as it is, a reference by the name (else id) of what it names, an element by its type and name. */
function show(value, names = new Map()) {
  if (value === undefined || value === null || value === '') {
    return null;
  }
  if (typeof value === 'string') {
    return value.startsWith('#ref:') ? names.get(value.slice(5)) ?? value.slice(5) : value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => show(item, names)).filter((text) => text !== null).join(', ') || null;
  }
  if (isModdle(value)) {
    const label = value.name ?? value.id ?? value.body ?? value.value ?? value.text;
    return label ? `${typeLabel(value.$type)} ${label}` : typeLabel(value.$type);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const sameText = (a, b) => typeof a === 'string' && typeof b === 'string' && a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/**
 * Compares the definitions of the older version (before) with the newer one (after). Returns
 * { added, removed, changed: { id: { model, attrs: { path: { oldValue, newValue } } } }, layoutChanged }, keyed by element id.
 */
export function compareDefinitions(before, after) {
  const delta = new Differ().createDiff(before, after);
  const result = { added: {}, removed: {}, changed: {}, layoutChanged: {} };
  const names = namesById(before, after);

  /** The nearest element a change inside model belongs to, with the path from it down to model. */
  function owner(model) {
    const path = [];
    for (let node = model; isModdle(node); node = node.$parent) {
      if (isAny(node, LAYOUT)) {
        return { layout: node.bpmnElement };
      }
      const tracked = trackedElement(node);
      if (tracked) {
        return { element: tracked, path: path.reverse() };
      }
      if (!node.$instanceOf('bpmn:ExtensionElements')) {
        path.push(node.name ? `${typeLabel(node.$type)} ${node.name}` : typeLabel(node.$type));
      }
    }
    return null;
  }

  function record(model, property, oldValue, newValue) {
    if (sameText(oldValue, newValue) || (show(oldValue) === null && show(newValue) === null)) {
      return;
    }
    // An element added to or removed from a collection of its own (a task in a process, a lane in a lane set).
    const moved = isModdle(newValue) ? newValue : isModdle(oldValue) && newValue === undefined ? oldValue : null;
    if (moved && oldValue !== newValue && (oldValue === undefined || newValue === undefined) && trackedElement(moved) === moved) {
      (newValue === undefined ? result.removed : result.added)[moved.id] = moved;
      return;
    }
    const found = owner(model);
    if (!found) {
      return;
    }
    if (found.layout) {
      if (found.layout.id) {
        result.layoutChanged[found.layout.id] = found.layout;
      }
      return;
    }
    const change = result.changed[found.element.id] || (result.changed[found.element.id] = { model: found.element, attrs: {} });
    const isType = property === '$type';
    const path = [...found.path, PROPERTY_LABELS[property] ?? property].join(' › ');
    change.attrs[path] = isType
      ? { oldValue: typeLabel(oldValue), newValue: typeLabel(newValue) }
      : { oldValue: show(oldValue, names), newValue: show(newValue, names) };
  }

  function walk(node, model) {
    for (const [key, d] of Object.entries(node || {})) {
      if (key === '_t') {
        continue;
      }
      if (Array.isArray(d) && Array.isArray(d[0])) {
        // A collection that was empty (not there) on one side: each item is an addition or a removal.
        const removal = d.length === 3;
        d[0].forEach((item) => record(model, key, removal ? item : undefined, removal ? undefined : item));
      } else if (Array.isArray(d)) {
        if (d.length === 1) {
          record(model, key, undefined, d[0]);
        } else if (d.length === 2) {
          record(model, key, d[0], d[1]);
        } else if (d[2] === 0) {
          record(model, key, d[0], undefined);
        }
      } else if (d && d._t === 'a') {
        walkArray(d, model, key);
      } else if (d && typeof d === 'object') {
        walk(d, model?.[key]);
      }
    }
  }

  function walkArray(d, model, key) {
    const removed = [];
    const added = [];
    for (const [index, value] of Object.entries(d)) {
      if (index === '_t') {
        continue;
      }
      if (index.startsWith('_')) {
        // "_i": [item, 0, 0] removed; [ '', to, 3 ] only moved (order is serialization, not a change).
        if (value[2] === 0) {
          removed.push(value[0]);
        }
      } else if (Array.isArray(value)) {
        added.push(value[0]);
      } else {
        walk(value, model?.[key]?.[Number(index)]);
      }
    }
    // Items without an id (extension elements) are matched by their whole content, so any edit inside one, even of
    // whitespace, looks like a removal and an addition: pair them by type and name and compare the pair instead.
    for (const item of removed) {
      const partner = isModdle(item) && !trackedElement(item)
        ? added.find((other) => isModdle(other) && other.$type === item.$type && (other.name ?? null) === (item.name ?? null))
        : undefined;
      if (partner) {
        added.splice(added.indexOf(partner), 1);
        walk(new Differ().createDiff(item, partner), partner);
      } else {
        record(model, key, item, undefined);
      }
    }
    added.forEach((item) => record(model, key, undefined, item));
  }

  walk(delta, after);
  return result;
}

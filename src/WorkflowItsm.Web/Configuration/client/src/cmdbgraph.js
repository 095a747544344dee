// The CMDB graph view: a cytoscape canvas driven by the Blazor page (CiGraphPage) through JS interop. The page
// owns what is shown and fetches neighbours on the server; this file draws, lays out, and reports clicks.
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';

cytoscape.use(dagre);

const graphs = new Map();
let nextId = 1;

const statusColours = {
  up: { fill: '#e8f5e9', border: '#2e7d32' },
  degraded: { fill: '#fff3e0', border: '#ef6c00' },
  down: { fill: '#ffebee', border: '#c62828' },
};

const style = [
  {
    selector: 'node',
    style: {
      shape: 'round-rectangle',
      label: 'data(label)',
      'text-wrap': 'wrap',
      'text-max-width': '150px',
      'text-valign': 'center',
      'font-size': '11px',
      'font-family': 'Roboto, Helvetica, Arial, sans-serif',
      color: '#212121',
      width: 'label',
      height: 'label',
      padding: '10px',
      'background-color': '#eceff1',
      'border-width': 2,
      'border-color': '#607d8b',
    },
  },
  ...Object.entries(statusColours).map(([status, colours]) => ({
    selector: `node[status = "${status}"]`,
    style: { 'background-color': colours.fill, 'border-color': colours.border },
  })),
  { selector: 'node[?root]', style: { 'border-width': 4, 'font-weight': 'bold' } },
  {
    selector: 'node[kind = "more"]',
    style: { shape: 'ellipse', 'background-color': '#ffffff', 'border-style': 'dashed', 'border-color': '#546e7a', color: '#37474f' },
  },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'line-color': '#90a4ae',
      'target-arrow-color': '#90a4ae',
      label: 'data(label)',
      'font-size': '10px',
      color: '#455a64',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.9,
      'text-background-padding': '2px',
      'text-rotation': 'autorotate',
    },
  },
  { selector: '.dimmed', style: { opacity: 0.3 } },
  { selector: 'node.impacted', style: { 'underlay-color': '#d50000', 'underlay-opacity': 0.35, 'underlay-padding': '8px', 'border-width': 4 } },
  { selector: 'node.dependency', style: { 'underlay-color': '#1565c0', 'underlay-opacity': 0.3, 'underlay-padding': '8px', 'border-width': 4 } },
  { selector: 'edge.highlighted', style: { width: 3, 'line-color': '#37474f', 'target-arrow-color': '#37474f' } },
];

function get(id) {
  const graph = graphs.get(id);
  if (!graph) {
    throw new Error(`No graph ${id} is open.`);
  }
  return graph;
}

function layout(cy) {
  cy.layout({ name: 'dagre', rankDir: 'TB', nodeSep: 30, rankSep: 70, edgeSep: 10, animate: false, fit: true, padding: 24 }).run();
}

/** A canvas in host; clicks on nodes go to the page's NodeClicked(id). Returns the graph's handle. */
export function create(host, page) {
  const cy = cytoscape({
    container: host,
    style,
    wheelSensitivity: 0.3,
    minZoom: 0.2,
    maxZoom: 1.5,
    boxSelectionEnabled: false,
  });
  cy.on('tap', 'node', (event) => page.invokeMethodAsync('NodeClicked', event.target.id()));
  // A phone turned, or the drawer opened: the canvas changes size, and the graph is fitted to it again.
  const resized = new ResizeObserver(() => {
    cy.resize();
    cy.fit(undefined, 24);
  });
  resized.observe(host);
  const id = nextId++;
  graphs.set(id, { cy, resized });
  return id;
}

/**
 * Adds nodes ({ id, label, status, kind, root }) and edges ({ id, source, target, label }) not shown yet, removes
 * the nodes named in remove (a "+N more" node that was expanded), and lays the graph out again.
 */
export function update(id, nodes, edges, remove) {
  const { cy } = get(id);
  cy.batch(() => {
    for (const gone of remove || []) {
      cy.getElementById(gone).remove();
    }
    for (const node of nodes) {
      if (cy.getElementById(node.id).empty()) {
        cy.add({ group: 'nodes', data: node });
      }
    }
    for (const edge of edges) {
      if (cy.getElementById(edge.id).empty() && !cy.getElementById(edge.source).empty() && !cy.getElementById(edge.target).empty()) {
        cy.add({ group: 'edges', data: edge });
      }
    }
  });
  layout(cy);
}

/** Highlights the nodes named (mode: "impacted" or "dependency") and the relations among them and the root; none: clears. */
export function highlight(id, root, numbers, mode) {
  const { cy } = get(id);
  cy.batch(() => {
    cy.elements().removeClass('impacted dependency highlighted dimmed');
    if (!mode) {
      return;
    }
    const lit = new Set([root, ...numbers]);
    cy.nodes().forEach((node) => {
      if (numbers.includes(node.id())) {
        node.addClass(mode);
      } else if (!lit.has(node.id())) {
        node.addClass('dimmed');
      }
    });
    cy.edges().forEach((edge) => {
      if (lit.has(edge.source().id()) && lit.has(edge.target().id())) {
        edge.addClass('highlighted');
      } else {
        edge.addClass('dimmed');
      }
    });
  });
}

export function fit(id) {
  get(id).cy.fit(undefined, 24);
}

export function destroy(id) {
  const graph = graphs.get(id);
  if (graph) {
    graph.resized.disconnect();
    graph.cy.destroy();
    graphs.delete(id);
  }
}

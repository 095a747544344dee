// The product's own activities in the palette: one entry per element template the host generated from its
// service-task handlers. Picking one creates a service task and applies the template, so its typed fields show
// in the properties panel at once.
const TEMPLATE_GROUP = 'product-activities';

const escapeHtml = (text) => String(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]);

function TemplatePalette(palette, create, elementFactory, elementTemplates, eventBus, config) {
  this._create = create;
  this._elementFactory = elementFactory;
  this._elementTemplates = elementTemplates;
  this._eventBus = eventBus;
  this._templates = (config && config.templates) || [];
  palette.registerProvider(400, this);
}

TemplatePalette.$inject = ['palette', 'create', 'elementFactory', 'elementTemplates', 'eventBus', 'config.workflowItsmPalette'];

TemplatePalette.prototype.getPaletteEntries = function() {
  const entries = {};
  for (const template of this._templates) {
    const start = (event) => this._start(event, template.id);
    const title = template.description ? `${template.name}: ${template.description}` : template.name;
    entries[`template.${template.id}`] = {
      group: TEMPLATE_GROUP,
      // A labelled entry across the palette's width: many activities share the service-task icon.
      html: `<div class="entry wi-template-entry" draggable="true" title="${escapeHtml(title)}"><span class="bpmn-icon-service-task"></span><span class="wi-template-label">${escapeHtml(template.name)}</span></div>`,
      title,
      action: { dragstart: start, click: start },
    };
  }
  return entries;
};

TemplatePalette.prototype._start = function(event, templateId) {
  const shape = this._elementFactory.createShape({ type: 'bpmn:ServiceTask' });
  // After the shape is placed (Create's own handler runs at the default priority, before this one).
  this._eventBus.once(['create.end', 'create.cancel'], 250, (done) => {
    const placed = done.type === 'create.end' && done.context && done.context.shape;
    const template = this._elementTemplates.get(templateId);
    if (placed && template) {
      this._elementTemplates.applyTemplate(placed, template);
    }
  });
  this._create.start(event, shape);
};

export default {
  __init__: ['workflowItsmTemplatePalette'],
  workflowItsmTemplatePalette: ['type', TemplatePalette],
};

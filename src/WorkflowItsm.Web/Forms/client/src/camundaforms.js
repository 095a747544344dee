// Camunda Forms (form-js) in the task page and the portal (Forms/CamundaFormView.razor). The server resolves which
// form a task shows and checks the submitted values again (Runtime/Forms/CamundaFormSchema); here form-js renders it
// with the instance's variables as data and, on submit, validates in the browser and hands the data back.
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-viewer/dist/assets/flatpickr/light.css';

const forms = new Map();
let nextId = 1;

// esbuild writes the imported CSS beside this module; link it once per page.
function ensureStyles() {
  if (document.querySelector('link[data-camunda-forms]')) {
    return;
  }
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('./camundaforms.css', import.meta.url).href;
  link.dataset.camundaForms = '';
  document.head.appendChild(link);
}

/** Renders the schema (JSON text) with the data (JSON text) into the container; returns the form's id, or throws with form-js's reason. */
export async function render(container, schemaJson, dataJson, readOnly) {
  ensureStyles();
  // No debounce: form-js otherwise keeps a field's typing for 300 ms, and a re-render of the form in that time (another
  // field's change landing) puts the old value back into the field, so what was typed last could be lost.
  const form = new Form({ container, debounce: false });
  await form.importSchema(JSON.parse(schemaJson), JSON.parse(dataJson || '{}'));
  if (readOnly) {
    form.setProperty('readOnly', true);
  }
  const id = nextId++;
  forms.set(id, form);
  return id;
}

/** Validates in the browser (form-js shows each error at its field) and returns { valid, data } as JSON text. */
export function submit(id) {
  const form = forms.get(id);
  if (!form) {
    return JSON.stringify({ valid: false, data: {} });
  }
  const { data, errors } = form.submit();
  return JSON.stringify({ valid: Object.keys(errors || {}).length === 0, data: data || {} });
}

export function setReadOnly(id, readOnly) {
  forms.get(id)?.setProperty('readOnly', readOnly);
}

export function dispose(id) {
  const form = forms.get(id);
  forms.delete(id);
  form?.destroy();
}

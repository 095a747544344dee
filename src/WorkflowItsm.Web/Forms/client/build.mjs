// Bundles the Camunda Forms viewer (@bpmn-io/form-js-viewer) and its styles into the host's static files.
// Run by the Web project's build (see WorkflowItsm.Web.csproj); the output is not committed.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['src/camundaforms.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  outdir: '../../wwwroot/forms/dist',
  entryNames: '[name]',
  loader: { '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
  logLevel: 'warning',
});

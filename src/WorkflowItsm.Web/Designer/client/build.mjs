// Bundles the designer (bpmn-js modeler, Camunda 7 properties panel) into the host's static files.
// Run by the Web project's build (see WorkflowItsm.Web.csproj); the output is not committed.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['src/designer.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  outdir: '../../wwwroot/designer/dist',
  entryNames: '[name]',
  assetNames: '[name]',
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  jsx: 'automatic',
  jsxImportSource: '@bpmn-io/properties-panel/preact',
  logLevel: 'warning',
});

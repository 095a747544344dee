// Bundles the change calendar (FullCalendar's MIT packages) into the host's static files.
// Run by the Web project's build (see WorkflowItsm.Web.csproj); the output is not committed.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['src/changecalendar.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  outdir: '../../../wwwroot/changes/dist',
  entryNames: '[name]',
  logLevel: 'warning',
});

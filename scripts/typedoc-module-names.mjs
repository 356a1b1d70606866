// A TypeDoc plugin (see typedoc.json): names the entry points of a package with several, as they
// are imported. TypeDoc names them after their files (`index`, `testing`); the pages keep those
// paths (`api/core/index/`, `api/core/testing/`), the titles and the sidebar say
// `@b24-callcard/core` and `@b24-callcard/core/testing`.
import { ReflectionKind, RendererEvent } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.renderer.on(RendererEvent.BEGIN, (event) => {
    for (const pkg of event.project.getChildrenByKind(ReflectionKind.Module)) {
      for (const mod of pkg.getChildrenByKind(ReflectionKind.Module)) {
        mod.name = mod.name === 'index' ? pkg.name : `${pkg.name}/${mod.name}`;
      }
    }
  });
}

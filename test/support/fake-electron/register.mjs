// `node --import ./test/support/fake-electron/register.mjs out/main/index.js` runs the
// built desktop main under plain Node: a module-resolution hook maps the bare
// specifier `electron` to the stand-in beside this file. Tests only.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

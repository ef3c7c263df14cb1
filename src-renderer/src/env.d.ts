import type { MillwrightBridge } from '../../src-main/desktop/bridge-types.js';

declare global {
  interface Window {
    /** Present in the desktop app (the preload bridge); absent in a browser. */
    millwright?: MillwrightBridge;
  }
}

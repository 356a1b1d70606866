import type { Browser } from 'playwright-core';

/** Path of the Chromium binary: `CHROMIUM_PATH`, else `/usr/bin/chromium`. */
export declare const CHROMIUM: string;
/** Launches Debian's Chromium headless; throws a clear error when it is not installed. */
export declare function launchChromium(): Promise<Browser>;

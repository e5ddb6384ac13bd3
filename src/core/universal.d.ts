/**
 * The few Web APIs that exist in every place src/core runs (Node 20, the service worker, extension pages and
 * content scripts). src/core is type-checked with only the ECMAScript library (tsconfig.core.json), so anything
 * DOM- or Node-specific is a type error; these declarations let it use what is truly universal. This file is
 * excluded from tsconfig.json, where the DOM library declares the same things in full.
 */
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly host: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly protocol: string;
  readonly search: string;
  readonly hash: string;
  readonly origin: string;
  readonly href: string;
  toString(): string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}

declare const crypto: {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
  randomUUID(): string;
  subtle: {
    digest(
      algorithm: 'SHA-256' | 'SHA-1' | 'SHA-384' | 'SHA-512',
      data: ArrayBufferView | ArrayBuffer,
    ): Promise<ArrayBuffer>;
  };
};

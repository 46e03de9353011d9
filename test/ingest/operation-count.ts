/**
 * Counts the work a synchronous function does through the string, regular-expression and array built-ins, in
 * characters or elements examined, so that a test can tell linear from quadratic code without timing it. Each
 * built-in is charged what it costs: a search from where it starts to where it matched (or to the end), a
 * copy or a pass its length, a character access one. A quadratic step (a paragraph rebuilt or searched for each
 * line joined to it, an `indexOf` from the start for each item, an offset map rebuilt per passage) makes the
 * count grow with the square of the input. The built-ins are patched only while `fn` runs (it must not await).
 */
export function countOperations<T>(fn: () => T): { result: T; work: number } {
  let work = 0;
  const restore: (() => void)[] = [];
  type Cost = (self: { length: number }, args: unknown[], result: unknown, before: { from: number; sticky: boolean }) => number;
  const start = { from: 0, sticky: false };
  const patch = (proto: object, key: string | symbol, cost: Cost, before: (self: never) => { from: number; sticky: boolean } = () => start) => {
    const original = (proto as Record<string | symbol, (...args: unknown[]) => unknown>)[key]!;
    Object.defineProperty(proto, key, {
      configurable: true,
      writable: true,
      value: function (this: { length: number }, ...args: unknown[]) {
        const b = before(this as never);
        const result = original.apply(this, args);
        work += cost(this, args, result, b);
        return result;
      },
    });
    restore.push(() => Object.defineProperty(proto, key, { configurable: true, writable: true, value: original }));
  };
  const length: Cost = (self) => self.length + 1;
  const resultLength: Cost = (_, __, result) => ((result as { length?: number } | null)?.length ?? 0) + 1;
  const one: Cost = () => 1;

  // Searches: from where they start to where they found (or the end).
  const search: Cost = (self, args, result) => {
    const from = Math.max(0, Number(args[1] ?? 0) || 0);
    return (typeof result === 'number' && result >= 0 ? result + String(args[0]).length : self.length) - from + 1;
  };
  patch(String.prototype, 'indexOf', search);
  patch(String.prototype, 'includes', (self, args) => self.length - Math.max(0, Number(args[1] ?? 0) || 0) + 1);
  patch(String.prototype, 'lastIndexOf', length);
  patch(String.prototype, 'startsWith', (_, args) => String(args[0]).length + 1);
  patch(String.prototype, 'endsWith', (_, args) => String(args[0]).length + 1);
  // Passes and copies over the whole string, and what they make.
  for (const key of ['split', 'trim', 'trimStart', 'trimEnd', 'normalize', 'toLowerCase', 'toUpperCase', 'padStart', 'padEnd', 'repeat']) patch(String.prototype, key, length);
  for (const key of ['replace', 'replaceAll']) patch(String.prototype, key, (self, _, result) => self.length + (result as string).length + 1);
  for (const key of ['slice', 'substring', 'substr', 'concat']) patch(String.prototype, key, resultLength);
  for (const key of ['charAt', 'charCodeAt', 'codePointAt', 'at']) patch(String.prototype, key, one);
  patch(String.prototype, Symbol.iterator, length);
  // Regular expressions: every match, test, replace, split and matchAll runs `exec`, from lastIndex (global or
  // sticky) or the start, to the end of the match or, when none, the end (a sticky one fails where it stands).
  patch(RegExp.prototype, 'exec', (_, args, result, { from, sticky }) => {
    const m = result as RegExpExecArray | null;
    if (m) return m.index + m[0].length - from + 1;
    return (sticky ? 0 : String(args[0]).length - from) + 1;
  }, (self: RegExp) => ({ from: self.global || self.sticky ? self.lastIndex : 0, sticky: self.sticky }));
  for (const key of [Symbol.replace, Symbol.split]) patch(RegExp.prototype, key, (_, args) => String(args[0]).length + 1);
  // Arrays: a pass over the elements for each of these.
  for (const key of ['indexOf', 'lastIndexOf', 'includes', 'filter', 'map', 'forEach', 'some', 'every', 'find', 'findIndex', 'findLast', 'reduce', 'flatMap', 'flat', 'join', 'concat', 'fill', 'reverse', 'splice', 'unshift', 'toSorted', 'toReversed', 'with', 'copyWithin']) patch(Array.prototype, key, length);
  patch(Array.prototype, 'slice', resultLength);
  patch(Array.prototype, Symbol.iterator, length);
  patch(Array.prototype, 'sort', (self) => Math.ceil(self.length * Math.log2(self.length + 2)));
  patch(Object.getPrototypeOf(Uint32Array.prototype), 'sort', (self) => Math.ceil(self.length * Math.log2(self.length + 2)));
  try {
    const result = fn();
    return { result, work };
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}

/**
 * Finds where JSON text stops being valid, as a line and column, because Node 20's JSON.parse messages often carry
 * no position. Only run after JSON.parse has failed; a plain scanner, iterative so deep nesting cannot overflow.
 */
export interface JsonPosition {
  offset: number;
  line: number;
  column: number;
  reason: string;
}

export function findJsonError(text: string): JsonPosition | undefined {
  let i = 0;
  const stack: ('{' | '[')[] = [];
  const fail = (reason: string): JsonPosition => {
    const before = text.slice(0, i);
    const line = before.split('\n').length;
    return { offset: i, line, column: i - (before.lastIndexOf('\n') + 1) + 1, reason };
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const string = (): JsonPosition | undefined => {
    i++;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === '\\') {
        if (!/^(["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(i + 1, i + 6))) return fail('bad escape in string');
        i += text[i + 1] === 'u' ? 6 : 2;
        continue;
      }
      if (c < ' ') return fail('control character in string');
      i++;
    }
    return fail('unterminated string');
  };
  // After '{' or ',' in an object: "name" and ':' (the value follows as the next value).
  const memberHead = (): JsonPosition | undefined => {
    ws();
    if (text[i] !== '"') return fail('expected a member name in double quotes');
    const s = string();
    if (s) return s;
    ws();
    if (text[i] !== ':') return fail("expected ':'");
    i++;
    return undefined;
  };
  let needValue = true;
  for (;;) {
    ws();
    if (needValue) {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          needValue = false;
        } else if (c === '{') {
          const e = memberHead();
          if (e) return e;
        }
        continue;
      }
      if (c === '"') {
        const e = string();
        if (e) return e;
      } else {
        const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
        if (!literal) return fail(i >= text.length ? 'unexpected end of text' : `unexpected ${JSON.stringify(text[i])}`);
        i += literal[0].length;
      }
      needValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (!top) break;
    if (text[i] === ',') {
      i++;
      if (top === '{') {
        const e = memberHead();
        if (e) return e;
      }
      needValue = true;
    } else if (text[i] === (top === '{' ? '}' : ']')) {
      stack.pop();
      i++;
    } else {
      return fail(`expected ',' or '${top === '{' ? '}' : ']'}'`);
    }
  }
  return i < text.length ? fail('unexpected text after the JSON value') : undefined;
}

import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats =
  (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

const base: Options = {
  allErrors: false,
  useDefaults: true,
  removeAdditional: false,
  strict: false,
};

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ ...base, ...options });
  addFormats(ajv);
  return ajv;
}

/**
 * Query strings and path parameters arrive as text and are coerced to the declared types;
 * JSON bodies are taken as sent, so `{"username": 12}` is refused, not quietly made "12".
 */
const coercing = makeAjv({ coerceTypes: 'array' });
const exact = makeAjv({ coerceTypes: false });

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? exact : coercing).compile(schema);

/** A checker for JSON that did not come through a route (WebSocket frames): exact types. */
export const compileExact = <T>(schema: object) => exact.compile<T>(schema);

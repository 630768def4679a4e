import { Type, type Static } from 'typebox';

export const Uuid = Type.String({ format: 'uuid', description: 'Identifier (UUID)' });

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, e.g. invalid_input' }),
      message: Type.String({ description: 'Human-readable explanation (English)' }),
      details: Type.Optional(Type.Unknown({ description: 'Structured context, e.g. the field' })),
    }),
  },
  { $id: 'ErrorBody', description: 'The one error shape every endpoint returns' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const Ok = Type.Object({ ok: Type.Literal(true) });

/** A calendar date (YYYY-MM-DD) with no time of day, as party records use them. */
export const CalendarDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

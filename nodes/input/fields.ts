import { z } from 'zod';

/** The types a run's input field can have; media arrive as uploaded artifacts. */
export const FIELD_TYPES = [
  'text',
  'number',
  'boolean',
  'json',
  'image',
  'audio',
  'video',
  'file',
] as const;

export const fieldName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a name such as prompt or video_title');

/**
 * One field of a pipeline's entry or exit. The Input node's fields become the exported
 * contract's request schema, and the Output node's its response schema, so they carry what a
 * contract needs: descriptions, examples, defaults and allowed values.
 */
export const fieldSchema = z.object({
  name: fieldName,
  type: z.enum(FIELD_TYPES).default('text'),
  required: z.boolean().default(true),
  description: z.string().optional(),
  /** Allowed values of a text field. */
  enum: z.array(z.string()).min(1).optional(),
  default: z.unknown().optional(),
  example: z.unknown().optional(),
  /** JSON Schema of a json field's value. */
  schema: z.record(z.string(), z.unknown()).optional(),
});

export type Field = z.infer<typeof fieldSchema>;

export const fieldList = z
  .array(fieldSchema)
  .default([])
  .superRefine((fields, context) => {
    const seen = new Set<string>();
    fields.forEach((field, index) => {
      if (seen.has(field.name)) {
        context.addIssue({
          code: 'custom',
          message: `names the field "${field.name}" twice`,
          path: [index, 'name'],
        });
      }
      seen.add(field.name);
    });
  });

// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Schema } from '../../renderer/src/panels/json-schema.ts';
import { SchemaForm } from '../../renderer/src/panels/schema-form.tsx';

const schema: Schema = {
  type: 'object',
  properties: {
    voice: { type: 'string', default: 'en-us', pattern: '^[a-z]{2,3}(-[a-z0-9]+)*$' },
    speed: { type: 'integer', default: 165, minimum: 80, maximum: 450 },
    method: { type: 'string', default: 'GET', enum: ['GET', 'POST'] },
    stream: { type: 'boolean', default: true },
    userPrompt: { type: 'string', minLength: 1 },
    fields: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, required: { type: 'boolean', default: true } },
        required: ['name'],
      },
    },
  },
};

function Harness({ initial, seen }: { initial: Record<string, unknown>; seen: unknown[] }) {
  const [value, setValue] = useState(initial);
  return (
    <SchemaForm
      idPrefix="t"
      schema={schema}
      value={value}
      problems={{ 'fields.0.name': 'Node "input": setting "fields.0.name" is taken.' }}
      onChange={(next) => {
        seen.push(next);
        setValue(next);
      }}
    />
  );
}

afterEach(cleanup);

describe('settings form from JSON Schema', () => {
  it('draws a control for each property kind, with defaults as placeholders', () => {
    render(<Harness initial={{}} seen={[]} />);
    expect((screen.getByLabelText('Voice') as HTMLInputElement).placeholder).toBe('en-us');
    expect((screen.getByLabelText('Speed') as HTMLInputElement).type).toBe('number');
    expect((screen.getByLabelText('Method') as HTMLSelectElement).value).toBe('GET');
    expect((screen.getByLabelText('Stream') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByLabelText(/User prompt/).tagName).toBe('TEXTAREA');
  });

  it('commits a typed value on blur as one change, and leaves unset keys out', () => {
    const seen: unknown[] = [];
    render(<Harness initial={{}} seen={seen} />);
    const speed = screen.getByLabelText('Speed');
    fireEvent.change(speed, { target: { value: '200' } });
    fireEvent.change(speed, { target: { value: '210' } });
    expect(seen).toEqual([]);
    fireEvent.blur(speed);
    expect(seen).toEqual([{ speed: 210 }]);
  });

  it('shows an inline error while the value breaks the schema', () => {
    render(<Harness initial={{}} seen={[]} />);
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '20' } });
    expect(screen.getByText('At least 80.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Voice'), { target: { value: 'EN US' } });
    expect(screen.getByText(/Does not match the expected form/)).toBeTruthy();
  });

  it('edits a list of objects and places server problems on the field they name', () => {
    const seen: unknown[] = [];
    render(<Harness initial={{ fields: [{ name: 'topic' }] }} seen={seen} />);
    expect(screen.getByText(/"fields.0.name" is taken/)).toBeTruthy();
    fireEvent.click(screen.getByText('Add field'));
    expect(seen.at(-1)).toEqual({ fields: [{ name: 'topic' }, { name: 'field_2' }] });
    fireEvent.click(screen.getByLabelText('Remove fields 1'));
    expect(seen.at(-1)).toEqual({ fields: [{ name: 'field_2' }] });
  });
});

import { describe, expect, it } from 'vitest';
import { checkVersion, diffContracts, requiredBump } from '../../service/contract/diff.ts';
import type { ContractChange } from '../../service/contract/diff.ts';
import { bumpVersion } from '../../service/contract/version-check.ts';
import { contractOf, STORY_INPUTS } from './contract-workflows.ts';

const change = (bump: ContractChange['bump']): ContractChange => ({
  kind: bump === 'major' ? 'breaking' : 'non-breaking',
  bump,
  code: 'test',
  path: 'RunRequest.topic',
  message: 'Something changed.',
});

describe('requiredBump', () => {
  it('is the largest step any change needs, or none without changes', () => {
    expect(requiredBump([])).toBe('none');
    expect(requiredBump([change('patch')])).toBe('patch');
    expect(requiredBump([change('patch'), change('minor')])).toBe('minor');
    expect(requiredBump([change('minor'), change('major'), change('patch')])).toBe('major');
  });

  it('asks a major step of a new required input and a minor one of a new optional input', () => {
    const required = diffContracts(
      contractOf(),
      contractOf({ inputs: [...STORY_INPUTS, { name: 'hero' }] }),
    );
    const optional = diffContracts(
      contractOf(),
      contractOf({ inputs: [...STORY_INPUTS, { name: 'hero', required: false }] }),
    );
    expect(requiredBump(required)).toBe('major');
    expect(requiredBump(optional)).toBe('minor');
  });
});

describe('checkVersion', () => {
  it('blocks breaking changes without a major step and proposes the next major version', () => {
    const result = checkVersion('1.4.2', '1.5.0', [change('major'), change('minor')]);
    expect(result).toEqual({
      ok: false,
      blocked: true,
      required: 'major',
      actual: 'minor',
      suggested: '2.0.0',
      message: '1 breaking change since 1.4.2 needs a major version: 2.0.0, not 1.5.0.',
    });
  });

  it('accepts breaking changes with a major step', () => {
    expect(checkVersion('1.4.2', '2.0.0', [change('major')])).toMatchObject({
      ok: true,
      blocked: false,
      actual: 'major',
    });
  });

  it('asks a minor step for additions without blocking, and accepts a larger step', () => {
    expect(checkVersion('1.4.2', '1.4.3', [change('minor')])).toMatchObject({
      ok: false,
      blocked: false,
      suggested: '1.5.0',
    });
    expect(checkVersion('1.4.2', '2.0.0', [change('minor')]).ok).toBe(true);
  });

  it('holds breaking changes to a major step below 1.0.0 too', () => {
    expect(checkVersion('0.3.0', '0.4.0', [change('major')])).toMatchObject({
      blocked: true,
      suggested: '1.0.0',
    });
  });

  it('refuses a version that goes back', () => {
    expect(checkVersion('2.1.0', '2.0.9', [])).toMatchObject({
      ok: false,
      actual: 'downgrade',
      message: 'The version goes back from 2.1.0 to 2.0.9; use 2.1.0 or later.',
    });
  });

  it('accepts the same version when nothing changed', () => {
    expect(checkVersion('1.0.0', '1.0.0', [])).toMatchObject({
      ok: true,
      required: 'none',
      message: 'The contract has not changed since 1.0.0.',
    });
  });

  it('names the side whose version does not read as one', () => {
    expect(() => checkVersion('1.0', '1.1.0', [])).toThrow(
      expect.objectContaining({
        code: 'VERSION_INVALID',
        message: 'The old version "1.0" is not a version such as 1.0.0.',
      }),
    );
  });
});

describe('bumpVersion', () => {
  it('steps one part and resets the smaller ones', () => {
    expect(bumpVersion('1.4.2', 'major')).toBe('2.0.0');
    expect(bumpVersion('1.4.2', 'minor')).toBe('1.5.0');
    expect(bumpVersion('1.4.2', 'patch')).toBe('1.4.3');
    expect(bumpVersion('1.4.2', 'none')).toBe('1.4.2');
  });
});

import {describe, expect, it} from 'vitest';
import type {ModelConfig} from './model-config.ts';
import {normalizeAttributes} from './normalize-attributes.ts';
import {validateRecord} from './validate-record.ts';
import {jobConfig} from './testing/fixture-models.ts';

const config: ModelConfig = {
  ...jobConfig,
  normalizes: {
    title: {steps: ['strip', 'downcase']},
    description: {steps: ['squish', 'presence']},
    status: {steps: ['to_s'], applyToNil: true},
  },
  validations: [{attribute: 'description', kind: 'presence', options: {}}],
};

describe('normalizeAttributes (Rails normalizes)', () => {
  it('applies the steps in order to the assigned attributes only, leaving the input untouched', () => {
    const input = {title: '  Fix THE Boiler \n', priority: 2};
    expect(normalizeAttributes(config, input)).toEqual({title: 'fix the boiler', priority: 2});
    expect(input.title).toBe('  Fix THE Boiler \n');
  });

  it('squish collapses inner whitespace (Unicode spaces too); presence turns blank into nil', () => {
    expect(normalizeAttributes(config, {description: ' a \t\n b\u00a0\u00a0c '})).toEqual({description: 'a b c'});
    expect(normalizeAttributes(config, {description: ' \n '})).toEqual({description: null});
  });

  it('nil is left alone unless apply_to_nil', () => {
    expect(normalizeAttributes(config, {title: null, status: null})).toEqual({title: null, status: ''});
  });

  it('strip is Ruby strip: ASCII whitespace and NUL, not a no-break space', () => {
    expect(normalizeAttributes(config, {title: '\0 x\u00a0'})).toEqual({title: 'x\u00a0'});
  });

  it('runs before validation: a whitespace-only value normalized to nil fails presence', () => {
    const normalized = normalizeAttributes(config, {description: '   '});
    expect(validateRecord(config, normalized, 'create').errors['description']).toEqual(["can't be blank"]);
  });
});

// Survey answers: checked against the questionnaire, and converted to and from a FHIR QuestionnaireResponse.
// The API speaks a flat { linkId: value } map; the database keeps the FHIR resource.
import type { QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { badRequest } from '../../platform/errors';
import { ALL_ITEMS, DEMOGRAPHIC_ITEMS, FEATURE_IDS, FREQUENCY, ITEM_BY_ID, QUESTIONNAIRE_URL } from './questionnaire';

export type AnswerValue = number | string;
export type Answers = Record<string, AnswerValue>;

/**
 * Checks every answer given (unknown questions, ratings 1–6, choices from the list, numbers in range).
 * With `complete`, every question must be answered. Returns the answers in questionnaire order, nulls dropped.
 */
export function checkAnswers(input: Record<string, AnswerValue | null>, complete: boolean): Answers {
  for (const key of Object.keys(input)) if (!ITEM_BY_ID.has(key)) throw badRequest(`answers.${key}: this question is not in the survey.`, `answers.${key}`);
  const out: Answers = {};
  for (const item of ALL_ITEMS) {
    const v = input[item.linkId];
    const field = `answers.${item.linkId}`;
    if (v === null || v === undefined || v === '') {
      if (complete) throw badRequest(`Please answer: ${item.text}`, field);
      continue;
    }
    if (item.kind === 'rating') {
      const n = typeof v === 'string' ? Number(v) : v;
      if (!Number.isInteger(n) || n < 1 || n > 6) throw badRequest(`${field}: choose an answer from 1 (never) to 6 (very often).`, field);
      out[item.linkId] = n;
    } else if (item.kind === 'choice') {
      if (typeof v !== 'string' || !item.options.includes(v)) throw badRequest(`${field}: choose one of the answers in the list.`, field);
      out[item.linkId] = v;
    } else {
      const n = typeof v === 'string' ? Number(v) : v;
      const ok = Number.isFinite(n) && (item.kind === 'decimal' || Number.isInteger(n)) && n >= item.min && n <= item.max;
      if (!ok) throw badRequest(`${field}: enter a ${item.kind === 'integer' ? 'whole ' : ''}number from ${item.min} to ${item.max}.`, field);
      out[item.linkId] = item.kind === 'decimal' ? Math.round(n * 10) / 10 : n;
    }
  }
  return out;
}

function answerOf(linkId: string, v: AnswerValue): QuestionnaireResponseItem['answer'] {
  const item = ITEM_BY_ID.get(linkId)!;
  const system = `${QUESTIONNAIRE_URL}/answers`;
  if (item.kind === 'rating') {
    const label = FREQUENCY.find(([c]) => c === String(v))?.[1] ?? '';
    return [{ valueCoding: { system, code: String(v), display: `${v} – ${label}` } }];
  }
  if (item.kind === 'choice') return [{ valueCoding: { system, code: String(v), display: String(v) } }];
  return [item.kind === 'integer' ? { valueInteger: Number(v) } : { valueDecimal: Number(v) }];
}

/** Builds the FHIR QuestionnaireResponse for a patient's answers (grouped as in the Questionnaire). */
export function toQuestionnaireResponse(answers: Answers, o: { patientId: string; status: 'in-progress' | 'completed'; authored: Date; campaignId: string }): QuestionnaireResponse {
  const items = (ids: readonly string[]) => ids.filter((id) => answers[id] !== undefined).map((linkId) => ({ linkId, answer: answerOf(linkId, answers[linkId]) }));
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: QUESTIONNAIRE_URL,
    identifier: { system: 'urn:portico:survey-campaign', value: o.campaignId },
    status: o.status,
    subject: { reference: `Patient/${o.patientId}` },
    authored: o.authored.toISOString(),
    item: [
      { linkId: 'use', item: items(FEATURE_IDS) },
      { linkId: 'about-you', item: items(DEMOGRAPHIC_ITEMS.map((d) => d.linkId)) },
    ].filter((g) => g.item.length > 0),
  };
}

/** Reads the flat answer map back out of a stored QuestionnaireResponse. */
export function fromQuestionnaireResponse(r: QuestionnaireResponse): Answers {
  const out: Answers = {};
  const walk = (items: QuestionnaireResponseItem[] | undefined) => {
    for (const it of items ?? []) {
      const a = it.answer?.[0];
      const def = ITEM_BY_ID.get(it.linkId);
      if (a && def) {
        if (a.valueCoding?.code !== undefined) out[it.linkId] = def.kind === 'rating' ? Number(a.valueCoding.code) : a.valueCoding.code;
        else if (a.valueInteger !== undefined) out[it.linkId] = a.valueInteger;
        else if (a.valueDecimal !== undefined) out[it.linkId] = a.valueDecimal;
      }
      walk(it.item);
    }
  };
  walk(r.item);
  return out;
}

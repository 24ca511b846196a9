import { href, html, Html, page, type PageContext } from '../portal/html.ts';
import { submissionKinds, submissionStatuses, type SubmissionKind } from './tables.ts';
import type { FormChallenge } from './token.ts';
import { errorMessage, submissionT } from './i18n.ts';

export interface FormState {
  /** The memorial person the form is about (their key and names), when sent from their page. */
  person: { key: string; names: string[] } | null;
  kind: SubmissionKind;
  /** What the visitor typed, shown again after a refusal (escaped like everything else). */
  values: Record<string, string>;
  error: { code: string; fields: string[] } | null;
}

/**
 * The families' form, rendered on the server: plain HTML that works without JavaScript, a multipart body so a photo
 * can come along, the signed token and the question in the form itself.
 */
export function formPage(ctx: PageContext, challenge: FormChallenge, state: FormState): string {
  const s = submissionT(ctx.lang);
  const v = (name: string) => state.values[name] ?? '';
  const field = (name: string, label: string, options: { required?: boolean; hint?: string; type?: string; max: number; autocomplete?: string }) => {
    const hintId = options.hint ? `${name}-hint` : null;
    return html`<div class="field"><label for="${name}">${label}${options.required ? html` <span class="muted">(${s('required')})</span>` : ''}</label>${hintId ? html`<p class="muted" id="${hintId}">${options.hint}</p>` : ''}
<input type="${options.type ?? 'text'}" id="${name}" name="${name}" value="${v(name)}" maxlength="${options.max}"${options.required ? new Html(' required') : ''}${hintId ? new Html(` aria-describedby="${hintId}"`) : ''} autocomplete="${options.autocomplete ?? 'off'}"></div>`;
  };
  const kinds = state.person ? submissionKinds : (['missing_name'] as const);
  const kindLabel = (k: SubmissionKind) => (k === 'missing_name' && state.person ? s('kind.missing_name.person') : s(`kind.${k}`));
  const errorBlock = state.error
    ? html`<div class="warning" role="alert" id="form-error"><h2>${s('error.title')}</h2><p>${errorMessage(s, state.error.code, state.error.fields)}</p></div>`
    : '';
  const body = html`<p>${s('lead')}</p>${errorBlock}
${state.person ? html`<p>${s('about')}: <a href="${href(ctx, `/public/memorial/${state.person.key}`)}">${state.person.names.join(' / ')}</a></p>` : ''}
<form class="submission" method="post" action="${href(ctx, '/public/submit')}" enctype="multipart/form-data">
<input type="hidden" name="token" value="${challenge.token}"><input type="hidden" name="lang" value="${ctx.lang}">
${state.person ? html`<input type="hidden" name="person" value="${state.person.key}">` : ''}
${kinds.length > 1
  ? html`<fieldset><legend>${s('kindLegend')}</legend>${kinds.map((k) => html`<label><input type="radio" name="kind" value="${k}"${k === state.kind ? new Html(' checked') : ''}> ${kindLabel(k)}</label>`)}</fieldset>`
  : html`<h2>${s('kind.missing_name')}</h2><input type="hidden" name="kind" value="missing_name">`}
<fieldset><legend>${s('personLegend')}</legend>
${field('name', s('name'), { max: 200 })}
<div class="field"><label for="otherNames">${s('otherNames')}</label><textarea id="otherNames" name="otherNames" rows="2" maxlength="1000">${v('otherNames')}</textarea></div>
${field('birthDate', s('birthDate'), { max: 10, hint: s('dateHint') })}${field('deathDate', s('deathDate'), { max: 10 })}${field('place', s('place'), { max: 200 })}
<div class="field"><label for="status">${s('status')}</label><select id="status" name="status">${submissionStatuses.map((st) => html`<option value="${st}"${v('status') === st ? new Html(' selected') : ''}>${s(`status.${st}`)}</option>`)}</select></div>
<div class="field"><label for="message">${s('message')}</label><textarea id="message" name="message" rows="5" maxlength="4000">${v('message')}</textarea></div>
${field('relation', s('relation'), { max: 200 })}
<div class="field"><label for="photo">${s('photo')}</label><input type="file" id="photo" name="photo" accept="image/jpeg,image/png,image/webp,image/gif"></div>
</fieldset>
<fieldset><legend>${s('youLegend')}</legend><p class="muted" id="contact-note">${s('contactNote')}</p>
${field('contactName', s('contactName'), { max: 200, autocomplete: 'name' })}
<div class="field"><label for="contact">${s('contact')} <span class="muted">(${s('required')})</span></label><input type="text" id="contact" name="contact" value="${v('contact')}" maxlength="300" required aria-describedby="contact-note" autocomplete="email"></div>
</fieldset>
<div class="field"><label for="answer">${s('question', { a: challenge.a, b: challenge.b })}</label><input type="text" id="answer" name="answer" inputmode="numeric" maxlength="3" required autocomplete="off"></div>
<p><button type="submit">${s('submit')}</button></p>
</form>
<p><a href="${href(ctx, '/public/memorial')}">${s('back')}</a></p>`;
  return page(ctx, '/public/submit', state.person ? { person: state.person.key } : {}, s('title'), s('lead'), body);
}

export function thanksPage(ctx: PageContext, person: string | null): string {
  const s = submissionT(ctx.lang);
  const body = html`<p role="status">${s('thanks.body')}</p><p><a href="${href(ctx, '/public/submit', person ? { person } : {})}">${s('thanks.again')}</a></p><p><a href="${href(ctx, '/public/memorial')}">${s('back')}</a></p>`;
  return page(ctx, '/public/submit', {}, s('thanks.title'), s('thanks.body'), body);
}

export const isKind = (value: string | undefined): value is SubmissionKind => (submissionKinds as readonly string[]).includes(value ?? '');

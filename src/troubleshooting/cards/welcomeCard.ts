import { languageAction as languageChoice, runAllAction, startAction } from '../actions';
import type { CardAttachment, WelcomeCardData } from '../../cards/cardTypes';
import {
  attachment,
  card,
  choiceSet,
  container,
  factSet,
  heading,
  showCard,
  executeAction,
  submit,
  subtle,
  text,
} from '../../cards/elements';
import { collectorContainer } from './collectorOffer';

/** Language choice behind a ShowCard: one compact choice set, preset to the current language. */
function languagePicker(data: WelcomeCardData) {
  const choices = data.languages.map((l) => ({ title: l.name, value: l.code }));
  const input = choiceSet('language', data.languageLabel, choices, {
    style: 'compact',
    value: data.currentLanguage,
    isRequired: true,
    errorMessage: data.languageLabel,
  });
  return showCard(
    data.language,
    card([input], [executeAction(data.languageApply, languageChoice.build({}))]),
  );
}

/** Welcome and help: the three sections, Run all checks, Language. */
export function welcomeCard(data: WelcomeCardData): CardAttachment {
  const body = [
    heading(data.title),
    text(data.intro),
    data.inSection ? container([text(data.inSection)], { style: 'emphasis' }) : undefined,
    factSet(data.sections.map((s) => ({ title: s.title, value: s.description }))),
    text(data.choose, { weight: 'Bolder' }),
    subtle(data.hint),
    data.collector ? collectorContainer(data.collector) : undefined,
  ];
  const actions = [
    ...data.sections.map((s) => submit(s.title, startAction.build({ section: s.id }))),
    submit(data.runAll, runAllAction.build({})),
    languagePicker(data),
  ];
  return attachment(card(body, actions));
}

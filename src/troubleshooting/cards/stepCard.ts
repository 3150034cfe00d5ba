import type { CardAttachment, StepCardData, StepLineView } from '../../cards/cardTypes';
import {
  actionSet,
  attachment,
  card,
  commandText,
  container,
  heading,
  inputText,
  openUrl,
  subtle,
  submit,
  text,
  type CardElement,
  type Container,
} from '../../cards/elements';
import { remindAction } from '../../reminders/remindAction';
import { collectorContainer } from './collectorOffer';

const stepLine = (step: StepLineView): Container =>
  container([text(`${step.number}. ${step.text}`), ...(step.command ? [commandText(step.command)] : [])]);

function autoContainer(data: StepCardData): Container | undefined {
  if (!data.autoTitle) return undefined;
  return container(
    [
      text(data.autoTitle, { weight: 'Bolder' }),
      ...data.autoLines.map((line) => text(line, { size: 'Small' })),
    ],
    { style: data.autoStyle },
  );
}

function earlierContainer(data: StepCardData): Container | undefined {
  if (!data.earlier) return undefined;
  return container(
    [text(data.earlierTitle, { size: 'Small', weight: 'Bolder' }), text(data.earlier, { size: 'Small' })],
    { style: 'emphasis' },
  );
}

/** The typed answer (Connect version, event ID) with its own submit button; none when the check has no input. */
function inputPart(data: StepCardData): CardElement[] {
  if (!data.input || !data.inputData) return [];
  return [
    inputText(data.input, data.inputLabel, {
      placeholder: data.inputPlaceholder,
      isRequired: true,
      errorMessage: data.inputError,
      maxLength: 40,
    }),
    actionSet([submit(data.inputAction, data.inputData, { associatedInputs: 'auto' })]),
  ];
}

/** A check card, or the fix card that follows "Not OK". */
export function stepCard(data: StepCardData): CardAttachment {
  const body = [
    subtle(data.progress),
    heading(data.title),
    data.why ? text(data.why) : undefined,
    autoContainer(data),
    earlierContainer(data),
    data.collector ? collectorContainer(data.collector) : undefined,
    data.stepsTitle ? text(data.stepsTitle, { weight: 'Bolder', spacing: 'Medium' }) : undefined,
    ...data.steps.map(stepLine),
    data.footer ? text(data.footer, { spacing: 'Medium' }) : undefined,
    ...inputPart(data),
  ];
  const answers = data.buttons.map((b) =>
    submit(b.title, b.data, { style: b.style, associatedInputs: 'none' }),
  );
  return attachment(card(body, [...answers, openUrl(data.learnMore, data.learnUrl), remindAction(data)]));
}

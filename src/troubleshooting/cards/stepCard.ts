import type { CardAttachment, StepCardData, StepLineView, UserSpecificView } from '../../cards/cardTypes';
import {
  actionSet,
  attachment,
  card,
  commandText,
  container,
  heading,
  inputText,
  openUrl,
  refreshOf,
  subtle,
  executeAction,
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
    actionSet([executeAction(data.inputAction, data.inputData, { associatedInputs: 'auto' })]),
  ];
}

/** A check card, or the fix card that follows "Not OK". */
export function stepCard(data: StepCardData, view: UserSpecificView = {}): CardAttachment {
  const refresh = view.refresh && refreshOf(view.refresh.title, view.refresh.data, view.refresh.userIds);
  const learn = openUrl(data.learnMore, data.learnUrl);
  const top = [
    subtle(data.progress),
    heading(data.title),
    data.why ? text(data.why) : undefined,
    autoContainer(data),
    earlierContainer(data),
    data.collector ? collectorContainer(data.collector) : undefined,
    data.stepsTitle ? text(data.stepsTitle, { weight: 'Bolder', spacing: 'Medium' }) : undefined,
    ...data.steps.map(stepLine),
    data.footer ? text(data.footer, { spacing: 'Medium' }) : undefined,
  ];
  if (view.readOnly)
    return attachment(card([...top, subtle(view.readOnly)], [learn], refresh ? { refresh } : {}));
  const answers = data.buttons.map((b) =>
    executeAction(b.title, b.data, { style: b.style, associatedInputs: 'none' }),
  );
  return attachment(
    card([...top, ...inputPart(data)], [...answers, learn, remindAction(data)], refresh ? { refresh } : {}),
  );
}

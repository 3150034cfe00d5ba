import type { CollectorOffer } from '../../cards/cardTypes';
import { commandText, container, subtle, text, type Container } from '../../cards/elements';

/** The collector script's offer: a line of why, the one command to copy (monospace, literal), the clouds. */
export const collectorContainer = (offer: CollectorOffer): Container =>
  container(
    [
      text(offer.title, { weight: 'Bolder' }),
      text(offer.hint, { size: 'Small' }),
      commandText(offer.command),
      subtle(offer.clouds),
    ],
    { style: 'emphasis', spacing: 'Medium' },
  );

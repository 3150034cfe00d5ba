import type { AnsweredCardData, CardAttachment } from './cardTypes';
import { attachment, card, subtle } from './elements';

/** The compact one-line form an answered card is replaced with (no buttons). */
export const answeredCard = (data: AnsweredCardData): CardAttachment => attachment(card([subtle(data.line)]));

import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import type { OutboundTransport } from '../../../src/proactive/outboundSender';
import type { StoredConversationReference } from '../../../src/proactive/types';

export type Answer = 'ok' | { status: number; retryAfter?: string; code?: string } | { networkError: string };

export interface Delivery {
  at: number;
  conversationId: string;
  activity: unknown;
  answer: Answer;
}

/** The error botbuilder's ConnectorClient throws for an HTTP failure, built with the same class. */
export function connectorError(status: number, retryAfter?: string, code = 'Error'): RestError {
  const headers = createHttpHeaders(retryAfter === undefined ? {} : { 'Retry-After': retryAfter });
  const request = createPipelineRequest({ url: 'https://smba.example/v3/conversations/a/activities' });
  const bodyAsText = JSON.stringify({ error: { code, message: `status ${status}` } });
  return new RestError(`status ${status}`, {
    statusCode: status,
    code,
    request,
    response: { status, headers, request, bodyAsText },
  });
}

/**
 * A Bot Connector stand-in at the transport seam: answers from a script (per conversation, then
 * the default script), records every attempt with the (fake) time it happened.
 */
export class ScriptedTransport implements OutboundTransport<{ text: string }> {
  readonly deliveries: Delivery[] = [];
  private readonly scripts = new Map<string, Answer[]>();
  defaultScript: Answer[] = [];

  script(conversationId: string, answers: Answer[]): this {
    this.scripts.set(conversationId, [...answers]);
    return this;
  }

  send(reference: StoredConversationReference, activity: { text: string }): Promise<void> {
    const conversationId = reference.conversation.id;
    const answer = this.scripts.get(conversationId)?.shift() ?? this.defaultScript.shift() ?? 'ok';
    this.deliveries.push({ at: Date.now(), conversationId, activity, answer });
    if (answer === 'ok') return Promise.resolve();
    if ('networkError' in answer) {
      return Promise.reject(Object.assign(new Error('socket hang up'), { code: answer.networkError }));
    }
    return Promise.reject(connectorError(answer.status, answer.retryAfter, answer.code));
  }

  attemptsFor(conversationId: string): Delivery[] {
    return this.deliveries.filter((d) => d.conversationId === conversationId);
  }
}

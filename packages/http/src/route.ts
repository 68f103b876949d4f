import type { Actor } from '@redress/core';
import type { z } from 'zod';

/** One response a route may give, for the OpenAPI document. */
export interface RouteResponse {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Default `application/json`. */
  readonly contentType?: string;
  readonly headers?: readonly string[];
}

/** What a route's handler gets: the request, its path parameters, its checked query, and the actor. */
export interface RouteContext<Q = Record<string, string | undefined>> {
  readonly request: Request;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Q;
  readonly actor: Actor;
}

/**
 * One route of the API: what the router serves and what `/openapi.json`
 * documents come from this one value, so the two cannot drift apart.
 *
 * @example
 * const r: Route = { method: 'get', path: '/complaints/{id}', operationId: 'getComplaint', summary: 'A complaint', query: complaintQuerySchema, responses: { 200: { description: 'The complaint' } }, handle };
 */
export interface Route {
  readonly method: 'get' | 'post';
  /** OpenAPI style: `/complaints/{id}/history`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly query: z.ZodObject;
  readonly body?: z.ZodType;
  /** Request headers the route reads (documented as parameters). */
  readonly headers?: readonly ('If-Match' | 'Idempotency-Key' | 'Last-Event-ID')[];
  readonly responses: Readonly<Record<number, RouteResponse>>;
  /** The route needs no actor (the OpenAPI document). */
  readonly public?: boolean;
  handle(context: RouteContext): Promise<Response>;
}

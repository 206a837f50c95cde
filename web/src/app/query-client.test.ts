import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-client.js';
import { retryDelay, shouldRetry } from './query-client.js';

describe('shouldRetry', () => {
  it.each([
    ['a network error, first failure', 0, new ApiError(0, 'network_error', 'x'), true],
    ['a 503, second failure', 1, new ApiError(503, 'unavailable', 'x'), true],
    ['a 503, third failure', 2, new ApiError(503, 'unavailable', 'x'), false],
    ['a 404', 0, new ApiError(404, 'workspace_not_found', 'x'), false],
    ['a 400', 0, new ApiError(400, 'invalid_request', 'x'), false],
    ['an unexpected body', 0, new ApiError(200, 'invalid_response', 'x'), true],
    ['anything else', 0, new Error('x'), true],
  ])('%s → %s', (_name, count, error, expected) => {
    expect(shouldRetry(count, error)).toBe(expected);
  });
});

describe('retryDelay', () => {
  it.each([
    [0, 500],
    [1, 1000],
    [3, 4000],
    [4, 5000],
    [10, 5000],
  ])('attempt %i waits %i ms', (attempt, expected) => {
    expect(retryDelay(attempt)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api-client.js';
import { isUnauthenticated, loginHref, safeNext } from './session.js';

describe('loginHref', () => {
  it.each([
    [{ pathname: '/', search: '' }, '/login'],
    [{ pathname: '/', search: '?workspace=ws_1' }, '/login?next=%2F%3Fworkspace%3Dws_1'],
    [{ pathname: '/settings/team', search: '?workspace=ws_1' }, '/login?next=%2Fsettings%2Fteam%3Fworkspace%3Dws_1'],
    [{ pathname: '/login', search: '?next=%2Fx' }, '/login'],
  ])('%j → %s', (location, expected) => {
    expect(loginHref(location)).toBe(expected);
  });
});

describe('safeNext', () => {
  it.each([
    ['?next=%2F%3Fworkspace%3Dws_1', '/?workspace=ws_1'],
    ['?next=%2Fsettings%2Fteam', '/settings/team'],
    ['', '/'],
    ['?next=https%3A%2F%2Fevil.example', '/'],
    ['?next=%2F%2Fevil.example', '/'],
    ['?next=%2F%5Cevil.example', '/'],
    ['?next=javascript%3Aalert(1)', '/'],
  ])('%j → %s', (search, expected) => {
    expect(safeNext(search)).toBe(expected);
  });
});

describe('isUnauthenticated', () => {
  it('is true only for the "sign in again" answer', () => {
    expect(isUnauthenticated(new ApiError(401, 'RVP_UNAUTHENTICATED', 'x'))).toBe(true);
    expect(isUnauthenticated(new ApiError(401, 'RVP_INVALID_CREDENTIALS', 'x'))).toBe(false);
    expect(isUnauthenticated(new ApiError(403, 'RVP_FORBIDDEN', 'x'))).toBe(false);
    expect(isUnauthenticated(new Error('x'))).toBe(false);
  });
});

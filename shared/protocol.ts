/**
 * Version of the HTTP API contract in this folder. Bumped on every breaking change of a request or response
 * shape; the server sends it in the `x-casustafel-api` header so a stale client can tell it must reload.
 */
export const API_VERSION = 1;
export const API_VERSION_HEADER = 'x-casustafel-api';

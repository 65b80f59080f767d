export interface ApiRequest {
  query: Record<string, string>;
  body: Record<string, unknown>;
}

/** Returns the answer's fields after errcode/errmsg, or throws WecomSimError. */
export type ApiHandler = (req: ApiRequest) => Record<string, unknown>;

/** Base error: a snake_case code, an HTTP status and whether the code may be shown to the caller. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status = 500,
    readonly expose = false,
    message = code,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A callback refused at the gateway; `reason` is logged and returned. */
export class CallbackRejectedError extends AppError {
  constructor(
    readonly reason: string,
    status = 400,
  ) {
    super(reason, status, true);
  }
}

/** A configuration key that is missing or wrong; the message names the key. */
export class ConfigError extends AppError {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super('config_invalid', 500, false, `${key}: ${message}`);
  }
}

/** Input that breaks a rule: the field and the rule are part of the answer. */
export class ValidationError extends AppError {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super('invalid_input', 400, true, message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not_found', 404, true, `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('conflict', 409, true, message);
  }
}

/** The store did not answer in time or failed; callbacks answer 503 so WeCom retries. */
export class StoreUnavailableError extends AppError {
  constructor(message = 'store unavailable') {
    super('store_unavailable', 503, true, message);
  }
}

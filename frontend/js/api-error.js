// The one error every way of answering throws: a message a person can act on, and the HTTP
// status when there was an answer (null when the server could not be reached at all).
export class ApiError extends Error {
  constructor(message, status = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

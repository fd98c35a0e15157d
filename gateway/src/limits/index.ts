export { defaultDocumentLimits, resolveDocumentLimits, type DocumentLimits } from "./config";
export { checkDocumentLimits, parseWithinLimits, type LimitError, type OperationRequest } from "./check";
export { httpLimits, type HttpLimitsOptions } from "./http";

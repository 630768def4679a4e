/** An optional reason as the API wants it: absent when the field was left (or cleared) empty. */
export const optionalReason = (reason: string | undefined): { reason?: string } =>
  reason?.trim() ? { reason: reason.trim() } : {};

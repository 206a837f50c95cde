// Schemas of a sale (PAYMENT.SALE.COMPLETED's resource, Payments v1) and of a refund or reversal
// of one (PAYMENT.SALE.REFUNDED / REVERSED). Both carry money as { total, currency }.
import { z } from 'zod';
import { currencyCode, decimalValue, isoTime, link, optional } from './common.js';

const amount = z.object({ total: decimalValue, currency: currencyCode });

export const sale = z.object({
  id: z.string().min(1),
  state: z.enum(['completed', 'partially_refunded', 'pending', 'refunded', 'denied', 'reversed']),
  amount,
  billing_agreement_id: optional(z.string().min(1)),
  create_time: isoTime,
});
export type PaypalSale = z.infer<typeof sale>;

export const refund = z.object({
  id: z.string().min(1),
  state: optional(z.enum(['pending', 'completed', 'cancelled', 'failed'])),
  amount,
  sale_id: optional(z.string().min(1)),
  reason: optional(z.string()),
  reason_code: optional(z.string()),
  create_time: isoTime,
  links: optional(z.array(link)),
});
export type PaypalRefund = z.infer<typeof refund>;

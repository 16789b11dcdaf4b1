/**
 * Exact money arithmetic. Amounts are integers in minor units; a fraction appears only inside a
 * computation (a price × a part of a period, a quantity × a micro-unit price) and is rounded
 * once, half away from zero, with BigInt so no step goes through floating point.
 */
import { type Currency, MICRO_PER_MINOR } from "./plans";

/** numerator / denominator rounded half away from zero (denominator > 0). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return negative ? -rounded : rounded;
}

/** `amountMinor × part / whole`, rounded: a fee prorated over part of a period. */
export function prorate(amountMinor: number, partMs: number, wholeMs: number): number {
  return Number(divideRounded(BigInt(amountMinor) * BigInt(partMs), BigInt(wholeMs)));
}

/** The minor-unit amount of `quantityMilli` thousandths of a unit at `unitPriceMicro` per unit. */
export function usageAmountMinor(quantityMilli: number, unitPriceMicro: number, currency: Currency): number {
  return Number(
    divideRounded(BigInt(quantityMilli) * BigInt(unitPriceMicro), 1000n * BigInt(MICRO_PER_MINOR[currency])),
  );
}

/** For people: `$12.34`, `-$0.50`, `¥4,400`. */
export function formatMoney(amountMinor: number, currency: Currency): string {
  const sign = amountMinor < 0 ? "-" : "";
  const magnitude = Math.abs(amountMinor);
  if (currency === "jpy") return `${sign}¥${magnitude.toLocaleString("en-US")}`;
  const dollars = Math.floor(magnitude / 100).toLocaleString("en-US");
  return `${sign}$${dollars}.${String(magnitude % 100).padStart(2, "0")}`;
}

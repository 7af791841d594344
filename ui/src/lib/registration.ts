// The registration form's data: empty, filled from the ID card's QR, and complete enough to send.
import type { IdCard, RegisterInput } from './types';

export function emptyRegistration(): RegisterInput {
  return { id_number: '', phone: '', full_name: '', date_of_birth: '' };
}

/** Copies what the printed card says; the phone number is the citizen's to type. */
export function fillFromIdCard(input: RegisterInput, card: IdCard): void {
  input.id_number = card.id_number;
  input.full_name = card.full_name;
  input.date_of_birth = card.date_of_birth;
}

/** All four filled in, the ID number as 12 digits (the portal checks the rest). */
export function isComplete(input: RegisterInput): boolean {
  return (
    /^\d{12}$/.test(input.id_number.trim()) &&
    input.full_name.trim() !== '' &&
    /^\d{4}-\d{2}-\d{2}$/.test(input.date_of_birth) &&
    input.phone.trim() !== ''
  );
}

// The details last sent for registration, kept in memory only until the code is verified: the
// code screen sends them again (a new code) or hands them back to the form to change the phone.
let sent: RegisterInput | null = null;

/** Remembers what was just sent for registration. */
export function rememberSent(input: RegisterInput): void {
  sent = { ...input };
}

/** What was last sent for registration, if a code is still awaited. */
export function lastSent(): RegisterInput | null {
  return sent ? { ...sent } : null;
}

/** Forgets the registration details (the code was verified). */
export function forgetSent(): void {
  sent = null;
}

/** A phone number with all but its first two and last three digits hidden: 09•••••678. */
export function maskedPhone(phone: string): string {
  const p = phone.trim();
  return p.length <= 5 ? p : p.slice(0, 2) + '•'.repeat(p.length - 5) + p.slice(-3);
}

/** Seconds before the code may be sent again (an SMS takes a while to arrive). */
export const RESEND_AFTER_SECONDS = 60;

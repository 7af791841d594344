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

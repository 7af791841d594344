// The one place that names the generated IPC types (ui/src/bindings is written by ts-rs on the
// Rust side). Screens import from here, so a renamed or moved binding is fixed in one file.
export type { AppStatus } from '../bindings/AppStatus';
export type { Settings } from '../bindings/Settings';
export type { IpcError } from '../bindings/IpcError';
export type { FieldProblem } from '../bindings/FieldProblem';
export type { IdCard } from '../bindings/IdCard';
export type { Registration as RegisterInput } from '../bindings/Registration';
export type { Field } from '../bindings/Field';
export type { DocumentCard } from '../bindings/DocumentCard';
export type { RevocationView as RevocationState } from '../bindings/RevocationView';
export type { DocumentDetail } from '../bindings/DocumentDetail';
export type { PresentationQr } from '../bindings/PresentationQr';
export type { VerifyResult } from '../bindings/VerifyResult';
export type { ShareAsk } from '../bindings/ShareAsk';
export type { SyncReport as SyncResult } from '../bindings/SyncReport';
export type { Submission } from '../bindings/Submission';
export type { SubmissionState } from '../bindings/SubmissionState';
export type { Submitted } from '../bindings/Submitted';
export type { Draft as DraftItem } from '../bindings/Draft';
export type { ActivityEntry } from '../bindings/ActivityEntry';
export type { ActivityAction } from '../bindings/ActivityAction';
export type { AboutInfo } from '../bindings/AboutInfo';
export type { Role } from '../bindings/Role';
export type { StationStatus } from '../bindings/StationStatus';
export type { StationSettings } from '../bindings/StationSettings';
export type { StationLogEntry } from '../bindings/StationLogEntry';
export type { TrustOffer } from '../bindings/TrustOffer';
export type { Address } from '../bindings/Address';
export type { Host } from '../bindings/Host';
export type { ApplicationForm } from '../bindings/ApplicationForm';

import type { ApplicationForm } from '../bindings/ApplicationForm';

/** One of the four application kinds. */
export type ApplicationKind = ApplicationForm['kind'];
/** The criminal-record certificate type ("type1" | "type2"). */
export type CertificateType = Extract<ApplicationForm, { kind: 'criminal_record' }>['certificate'];

//! The station's own settings: how old the revocation (status) list may get before the station
//! warns the clerk. Language and text size are the app's settings, shared with the wallet
//! (see [`crate::Wallet::settings`], which work without a wallet).

use crate::error::WalletError;
use crate::station::CounterStation;
use serde::{Deserialize, Serialize};

/// The file holding the settings.
pub const STATION_SETTINGS_FILE: &str = "station.json";
/// Warning limits offered for the status list's age, in hours.
pub const STATUS_AGE_CHOICES: [u32; 6] = [1, 6, 12, 24, 48, 72];
/// The default warning limit, in hours.
pub const DEFAULT_STATUS_AGE_HOURS: u32 = 24;

/// What the clerk chose in the station's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StationSettings {
    /// The station warns when the revocation list it checks against is older than this many
    /// hours (one of [`STATUS_AGE_CHOICES`]).
    pub max_status_age_hours: u32,
}

impl Default for StationSettings {
    fn default() -> Self {
        StationSettings {
            max_status_age_hours: DEFAULT_STATUS_AGE_HOURS,
        }
    }
}

impl StationSettings {
    /// The settings brought into range: the limit snaps to the nearest choice.
    pub fn sanitized(self) -> Self {
        let wanted = self.max_status_age_hours;
        StationSettings {
            max_status_age_hours: STATUS_AGE_CHOICES
                .iter()
                .copied()
                .min_by_key(|c| c.abs_diff(wanted))
                .unwrap_or(DEFAULT_STATUS_AGE_HOURS),
        }
    }

    /// The limit in seconds.
    pub fn max_status_age_seconds(&self) -> u64 {
        u64::from(self.max_status_age_hours) * 3600
    }
}

impl CounterStation {
    /// The settings as saved (the defaults when none were, or the file is damaged).
    pub fn settings(&self) -> StationSettings {
        self.read_json::<StationSettings>(STATION_SETTINGS_FILE)
            .map(StationSettings::sanitized)
            .unwrap_or_default()
    }

    /// Saves the settings, brought into range first; returns them as saved.
    pub fn save_settings(
        &mut self,
        settings: StationSettings,
    ) -> Result<StationSettings, WalletError> {
        let settings = settings.sanitized();
        self.write_json(STATION_SETTINGS_FILE, &settings)?;
        Ok(settings)
    }
}

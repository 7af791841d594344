//! The citizen's settings (language, text size, auto-lock, biometrics), kept beside the
//! encrypted store because the unlock screen needs them before the PIN is known. They hold
//! nothing personal.

use crate::error::WalletError;
use crate::wallet::Wallet;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Languages the UI has complete catalogues for.
pub const LANGUAGES: [&str; 2] = ["vi", "en"];
/// Auto-lock choices offered, in seconds.
pub const AUTO_LOCK_CHOICES: [u32; 4] = [60, 120, 300, 600];
/// The settings file's name in the wallet's folder.
pub const SETTINGS_FILE: &str = "settings.json";

/// What the citizen chose in Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Settings {
    /// `vi` or `en`.
    pub language: String,
    /// Text size in percent, 100 to 200.
    pub text_scale: u16,
    /// Seconds without use before the wallet locks itself.
    pub auto_lock_seconds: u32,
    /// Unlock with the platform's biometrics where offered (mobile only).
    pub biometric: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: "vi".into(),
            text_scale: 100,
            auto_lock_seconds: 120,
            biometric: false,
        }
    }
}

impl Settings {
    /// The settings with every value brought into its allowed range: an unknown language
    /// becomes Vietnamese, the text size is clamped, the auto-lock snaps to the nearest choice.
    pub fn sanitized(mut self) -> Self {
        if !LANGUAGES.contains(&self.language.as_str()) {
            self.language = "vi".into();
        }
        self.text_scale = self.text_scale.clamp(100, 200);
        let wanted = self.auto_lock_seconds;
        self.auto_lock_seconds = AUTO_LOCK_CHOICES
            .iter()
            .copied()
            .min_by_key(|c| c.abs_diff(wanted))
            .unwrap_or(120);
        self
    }

    /// Reads settings saved as JSON; anything unreadable gives the defaults (a damaged
    /// settings file must not keep the citizen out of the wallet).
    pub fn from_json(text: &str) -> Self {
        serde_json::from_str::<Settings>(text)
            .map(Settings::sanitized)
            .unwrap_or_default()
    }
}

impl Wallet {
    fn settings_file(&self) -> PathBuf {
        self.folder.join(SETTINGS_FILE)
    }

    /// The settings as saved (the defaults when none were, or the file is damaged). Works
    /// locked.
    pub fn settings(&self) -> Settings {
        std::fs::read_to_string(self.settings_file())
            .map(|t| Settings::from_json(&t))
            .unwrap_or_default()
    }

    /// Saves the settings, brought into range first, and applies the auto-lock time; returns
    /// them as saved.
    pub fn save_settings(&mut self, settings: Settings) -> Result<Settings, WalletError> {
        let settings = settings.sanitized();
        let json =
            serde_json::to_string_pretty(&settings).map_err(|e| WalletError::Io(e.to_string()))?;
        crate::use_cases::exports::write(&self.settings_file(), json.as_bytes())?;
        self.idle_timeout = u64::from(settings.auto_lock_seconds);
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_values_are_brought_back() {
        let s = Settings {
            language: "fr".into(),
            text_scale: 400,
            auto_lock_seconds: 250,
            biometric: true,
        }
        .sanitized();
        assert_eq!(
            s,
            Settings {
                language: "vi".into(),
                text_scale: 200,
                auto_lock_seconds: 300,
                biometric: true
            }
        );
        assert_eq!(
            Settings {
                text_scale: 20,
                ..Settings::default()
            }
            .sanitized()
            .text_scale,
            100
        );
    }

    #[test]
    fn damaged_files_give_the_defaults() {
        assert_eq!(Settings::from_json("{not json"), Settings::default());
        assert_eq!(Settings::from_json(""), Settings::default());
        let saved =
            r#"{"language":"en","text_scale":150,"auto_lock_seconds":60,"biometric":false}"#;
        assert_eq!(Settings::from_json(saved).language, "en");
        assert_eq!(Settings::from_json(saved).text_scale, 150);
    }
}

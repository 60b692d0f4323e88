//! A panic inside a library (calamine reading a damaged file, rust_xlsxwriter on an odd
//! value) is the problem of one file, never the end of the run: it is caught here and
//! handed back as a message, without the default hook printing it on the terminal.

use std::panic::{self, AssertUnwindSafe};

thread_local! {
    /// Set while this thread runs a step inside [`quiet_catch_unwind`]: a panic then is caught
    /// and reported as the file's problem, so the default hook's message is not wanted.
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Runs `f`, turning a panic into `Err(message)` without printing it.
pub fn quiet_catch_unwind<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if READING.get() {
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                LAST_PANIC.set(message);
            } else {
                default(info);
            }
        }));
    });
    READING.set(true);
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    READING.set(false);
    outcome.map_err(|_| LAST_PANIC.take())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_inside_becomes_a_message() {
        let r: Result<(), String> = super::quiet_catch_unwind(|| panic!("boom {}", 42));
        assert_eq!(r, Err("boom 42".to_string()));
        assert_eq!(super::quiet_catch_unwind(|| 7), Ok(7));
    }
}

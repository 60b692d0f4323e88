//! Settings of the process's memory for mimalloc, the binary's allocator (`main.rs`); the
//! benchmark's in-process steps use them too, so that they behave as the binary does.

/// Both settings below; call first thing in `main`.
pub fn tune() {
    no_huge_pages();
    return_freed_memory_sooner();
}

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the Rust bindings do not name it;
/// check it there when libmimalloc-sys, 0.1.49 in Cargo.lock, is updated).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system after 10 ms (mimalloc 2's default) instead of
/// mimalloc 3's 1 s: each stage frees what the last one built, and within a second the next
/// has taken as much again, so the peak is lower for the same time (figures in
/// `benches/README.md`).
fn return_freed_memory_sooner() {
    // SAFETY: sets one of mimalloc's options, an integer it reads when it purges.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
}

/// No transparent huge pages for this process: mimalloc asks for them, and the kernel then
/// zeroes 2 MiB each time a purged stretch is touched again, which costs system time and
/// memory (figures in `benches/README.md`).
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag of this process.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

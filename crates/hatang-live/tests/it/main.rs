//! Integration tests of hatang-live: the providers over a real demo data
//! directory (store + SRTM terrain), through the server's router, and the
//! dashboard in a real browser.

mod browser;
mod common;
mod providers;

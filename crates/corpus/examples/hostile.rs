//! Writes a record of a worst shape to standard output, for
//! `bench/record-memory.sh`: `hostile SHAPE BYTES`, or `hostile turns-count N`
//! for a record of N turns in each text.

use std::io::Write;

use fonds_corpus::hostile::{record, turns, Shape};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || -> ! {
        let shapes: Vec<&str> = Shape::ALL.iter().map(|s| s.name()).collect();
        eprintln!(
            "usage: hostile SHAPE BYTES | hostile turns-count N\nshapes: {}",
            shapes.join(" ")
        );
        std::process::exit(2)
    };
    let [shape, size] = args.as_slice() else {
        usage()
    };
    let Ok(size) = size.parse::<usize>() else {
        usage()
    };
    let text = if shape == "turns-count" {
        turns(size)
    } else {
        match Shape::parse(shape) {
            Some(shape) => record(shape, size),
            None => usage(),
        }
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .expect("stdout");
}

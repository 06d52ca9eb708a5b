//! The result of `persepsi_index`: a struct per group, built from tallies.

use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, Decimal128Builder, ListBuilder, StringBuilder, StructArray, UInt64Builder,
};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::Result;
use persepsi::{Instrument, Precision, Tally};
use rust_decimal::Decimal;

/// Decimal precision of every value: 38 digits, far more than a 1-100 value with 20 decimals.
const DIGITS: u8 = 38;

fn decimal(scale: u32) -> DataType {
    // scales are at most 20 (Precision's limit), so the cast cannot truncate
    DataType::Decimal128(DIGITS, i8::try_from(scale).unwrap_or(i8::MAX))
}

/// The fields of the result struct, for a precision.
pub(crate) fn index_fields(precision: Precision) -> Fields {
    Fields::from(vec![
        Field::new("instrument", DataType::Utf8, false),
        Field::new("responses", DataType::UInt64, false),
        Field::new("respondents", DataType::UInt64, false),
        Field::new("rejected", DataType::UInt64, false),
        Field::new_list(
            "nrr",
            Field::new_list_field(decimal(precision.nrr()), true),
            false,
        ),
        Field::new("raw", decimal(precision.raw()), true),
        Field::new("index4", decimal(precision.index()), true),
        Field::new("index100", decimal(precision.index()), true),
        Field::new("grade", DataType::Utf8, true),
        Field::new("label", DataType::Utf8, true),
    ])
}

/// The result type.
pub(crate) fn index_type(precision: Precision) -> DataType {
    DataType::Struct(index_fields(precision))
}

/// `d` as the mantissa of a decimal with `scale` decimals (it already has them: rounded values).
fn mantissa(mut d: Decimal, scale: u32) -> i128 {
    d.rescale(scale);
    d.mantissa()
}

/// One struct per (tally, rejected rows): counts always; NRR, raw, 1-4, 0-100, grade and
/// label rounded once (half away from zero) at `precision`, null when nothing was answered.
pub(crate) fn index_array(
    instrument: &Instrument,
    precision: Precision,
    groups: impl ExactSizeIterator<Item = (Tally, u64)>,
) -> Result<ArrayRef> {
    let n = groups.len();
    let nrr_type = decimal(precision.nrr());
    let mut code = StringBuilder::with_capacity(n, n * 4);
    let mut responses = UInt64Builder::with_capacity(n);
    let mut respondents = UInt64Builder::with_capacity(n);
    let mut rejected = UInt64Builder::with_capacity(n);
    let mut nrr = ListBuilder::new(Decimal128Builder::new().with_data_type(nrr_type.clone()))
        .with_field(Arc::new(Field::new_list_field(nrr_type, true)));
    let mut raw = Decimal128Builder::with_capacity(n).with_data_type(decimal(precision.raw()));
    let mut index4 = Decimal128Builder::with_capacity(n).with_data_type(decimal(precision.index()));
    let mut index100 =
        Decimal128Builder::with_capacity(n).with_data_type(decimal(precision.index()));
    let mut grade = StringBuilder::with_capacity(n, n);
    let mut label = StringBuilder::with_capacity(n, n * 8);
    for (tally, dropped) in groups {
        code.append_value(instrument.code().as_str());
        responses.append_value(tally.responses());
        respondents.append_value(tally.respondents());
        rejected.append_value(dropped);
        match instrument.index(&tally) {
            Ok(result) => {
                for item in result.items() {
                    nrr.values().append_option(
                        item.nrr()
                            .map(|v| mantissa(v.round(precision.nrr()), precision.nrr())),
                    );
                }
                nrr.append(true);
                let rounded = result.rounded(precision);
                raw.append_value(mantissa(rounded.raw, precision.raw()));
                index4.append_value(mantissa(rounded.index4, precision.index()));
                index100.append_value(mantissa(rounded.index100, precision.index()));
                grade.append_value(rounded.grade.to_string());
                label.append_value(&rounded.label);
            }
            Err(_) => {
                // no answers (a shapeless or empty tally): no index, never 0
                for _ in instrument.items() {
                    nrr.values().append_null();
                }
                nrr.append(true);
                raw.append_null();
                index4.append_null();
                index100.append_null();
                grade.append_null();
                label.append_null();
            }
        }
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(code.finish()),
        Arc::new(responses.finish()),
        Arc::new(respondents.finish()),
        Arc::new(rejected.finish()),
        Arc::new(nrr.finish()),
        Arc::new(raw.finish()),
        Arc::new(index4.finish()),
        Arc::new(index100.finish()),
        Arc::new(grade.finish()),
        Arc::new(label.finish()),
    ];
    Ok(Arc::new(StructArray::try_new(
        index_fields(precision),
        columns,
        None,
    )?))
}

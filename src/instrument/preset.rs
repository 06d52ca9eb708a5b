//! The built-in instruments: SPKP, SPAK, IKM (PermenPAN-RB 14/2017) and the 2014 IPK.

use crate::code::{InstrumentCode, ItemCode};
use crate::grade::GradeTable;
use crate::instrument::{Instrument, Item, ScaleMap, Weights, ZiIndicator};
use crate::scale::Scale;

fn preset(
    code: &str,
    abbreviation: &str,
    name: &str,
    scale: Scale,
    map: ScaleMap,
    zi: Option<ZiIndicator>,
    items: &[(&str, &str)],
) -> Instrument {
    // Preset codes are literals that satisfy the code rules; a test builds every preset.
    let code = InstrumentCode::new(code).unwrap_or_else(|_| unreachable!("preset code"));
    Instrument {
        code,
        name: name.to_owned(),
        abbreviation: abbreviation.to_owned(),
        items: items
            .iter()
            .map(|(c, l)| {
                Item::new(
                    ItemCode::new(c).unwrap_or_else(|_| unreachable!("preset item")),
                    *l,
                )
            })
            .collect(),
        scale,
        weights: Weights::Equal,
        map,
        grades: GradeTable::permenpan_14_2017(),
        zi,
    }
}

impl Instrument {
    /// SPKP, giving IPKP (Indeks Persepsi Kualitas Pelayanan): 8 items on 1-6 stars, min-max map,
    /// Zona Integritas indicator [`ZiIndicator::Ipkp`].
    ///
    /// ```
    /// let spkp = persepsi::Instrument::spkp();
    /// assert_eq!((spkp.code().as_str(), spkp.items().len(), spkp.scale().points()), ("SPKP", 8, 6));
    /// ```
    #[must_use]
    pub fn spkp() -> Instrument {
        preset(
            "SPKP",
            "IPKP",
            "Indeks Persepsi Kualitas Pelayanan (IPKP)",
            Scale::SIX,
            ScaleMap::MinMax,
            Some(ZiIndicator::Ipkp),
            &[
                ("SPKP1", "Informasi pelayanan"),
                ("SPKP2", "Persyaratan"),
                ("SPKP3", "Prosedur / alur"),
                ("SPKP4", "Jangka waktu penyelesaian"),
                ("SPKP5", "Tarif / biaya"),
                ("SPKP6", "Sarana prasarana / sistem online"),
                ("SPKP7", "Respons petugas"),
                ("SPKP8", "Konsultasi dan pengaduan"),
            ],
        )
    }

    /// SPAK, giving IPAK (Indeks Persepsi Anti Korupsi): 5 items on 1-6 stars, min-max map,
    /// Zona Integritas indicator [`ZiIndicator::Ipak`].
    ///
    /// ```
    /// assert_eq!(persepsi::Instrument::spak().items().len(), 5);
    /// ```
    #[must_use]
    pub fn spak() -> Instrument {
        preset(
            "SPAK",
            "IPAK",
            "Indeks Persepsi Anti Korupsi (IPAK)",
            Scale::SIX,
            ScaleMap::MinMax,
            Some(ZiIndicator::Ipak),
            &[
                ("SPAK1", "Diskriminasi pelayanan"),
                ("SPAK2", "Kecurangan / di luar prosedur"),
                ("SPAK3", "Imbalan / gratifikasi"),
                ("SPAK4", "Pungutan liar (pungli)"),
                ("SPAK5", "Percaloan"),
            ],
        )
    }

    /// IKM (Indeks Kepuasan Masyarakat, PermenPAN-RB 14/2017): 9 unsur U1..U9 on 1-4, x25 map,
    /// no Zona Integritas points.
    ///
    /// ```
    /// let ikm = persepsi::Instrument::ikm();
    /// assert_eq!((ikm.items().len(), ikm.map()), (9, persepsi::ScaleMap::Times25));
    /// ```
    #[must_use]
    pub fn ikm() -> Instrument {
        preset(
            "IKM",
            "IKM",
            "Indeks Kepuasan Masyarakat (IKM)",
            Scale::FOUR,
            ScaleMap::Times25,
            None,
            &[
                ("U1", "Persyaratan"),
                ("U2", "Sistem, mekanisme dan prosedur"),
                ("U3", "Waktu penyelesaian"),
                ("U4", "Biaya/tarif"),
                ("U5", "Produk spesifikasi jenis pelayanan"),
                ("U6", "Kompetensi pelaksana"),
                ("U7", "Perilaku pelaksana"),
                ("U8", "Penanganan pengaduan, saran dan masukan"),
                ("U9", "Sarana dan prasarana"),
            ],
        )
    }

    /// The older 10-item IPK (Indeks Persepsi Korupsi) of the PermenPAN-RB 52/2014 era, on 1-4
    /// with the x25 map, no Zona Integritas points; many units still run it.
    ///
    /// ```
    /// assert_eq!(persepsi::Instrument::ipk_2014().items().len(), 10);
    /// ```
    #[must_use]
    pub fn ipk_2014() -> Instrument {
        preset(
            "IPK",
            "IPK",
            "Indeks Persepsi Korupsi (IPK, PermenPAN-RB 52/2014)",
            Scale::FOUR,
            ScaleMap::Times25,
            None,
            &[
                ("IPK1", "Manipulasi peraturan"),
                ("IPK2", "Penyalahgunaan jabatan"),
                ("IPK3", "Menjual pengaruh"),
                ("IPK4", "Transaksi biaya"),
                ("IPK5", "Biaya tambahan"),
                ("IPK6", "Hadiah"),
                ("IPK7", "Transparansi biaya"),
                ("IPK8", "Percaloan"),
                ("IPK9", "Perbuatan curang"),
                ("IPK10", "Transaksi rahasia"),
            ],
        )
    }
}

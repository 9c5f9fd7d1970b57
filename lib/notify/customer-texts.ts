// What we tell a customer, in Hungarian, for every event type they can choose (spec §3): what
// happened in everyday words, and whether they need to do anything. No technical terms here; the
// controller's own (often English) message goes to the end of the email as a note for us.
import type { EventType } from '../events/types.js'

export interface CustomerText {
  subject: string
  /** What happened, in one or two plain sentences. */
  what: string
  /** Whether they need to do anything, and what. */
  todo: string
}

const NOTHING = 'Önnek nincs teendője, ezt csak tájékoztatásul küldjük.'
const WE_LOOK =
  'Önnek most nincs teendője: mi is értesítést kaptunk róla, és utánanézünk. Ha a segítségére lesz szükségünk, jelentkezünk.'
const CALL_US = 'Ha kérdése van, vagy bizonytalan valamiben, nyugodtan írjon vagy telefonáljon nekünk.'

export const CUSTOMER_TEXTS: Record<EventType, CustomerText> = {
  backup_completed: {
    subject: 'Elkészült a biztonsági mentés',
    what: 'A fényképeiről, dokumentumairól és a többi adatáról rendben elkészült a szokásos biztonsági mentés.',
    todo: NOTHING,
  },
  backup_failed: {
    subject: 'Nem sikerült a biztonsági mentés',
    what:
      'A legutóbbi biztonsági mentés nem sikerült, így a legfrissebb változások egyelőre nincsenek elmentve. ' +
      'A korábban elmentett adatai megvannak, azok biztonságban vannak.',
    todo: WE_LOOK,
  },
  backup_partial: {
    subject: 'A biztonsági mentés csak részben sikerült',
    what: 'A biztonsági mentés lefutott, de néhány fájlt nem sikerült elmenteni. Az adatai többségéről rendben elkészült a mentés.',
    todo: WE_LOOK,
  },
  dbdump_completed: {
    subject: 'Elkészült az alkalmazások adatainak mentése',
    what: 'A gépén futó alkalmazások (például a naptár, a névjegyek vagy a jegyzetek) belső adatairól rendben elkészült a mentés.',
    todo: NOTHING,
  },
  dbdump_failed: {
    subject: 'Nem sikerült az alkalmazások adatainak mentése',
    what:
      'A gépén futó alkalmazások (például a naptár, a névjegyek vagy a jegyzetek) belső adatairól nem sikerült elkészíteni a mentést. ' +
      'A korábbi mentések megvannak.',
    todo: WE_LOOK,
  },
  crossdrive_backup_completed: {
    subject: 'Elkészült a másolat a második lemezre',
    what: 'Az adatairól rendben elkészült a biztonsági másolat a gépben lévő második merevlemezre is.',
    todo: NOTHING,
  },
  crossdrive_backup_failed: {
    subject: 'Nem sikerült a másolat a második lemezre',
    what:
      'Az adatairól a gépben lévő második merevlemezre készülő biztonsági másolat nem sikerült. ' +
      'Az adatai az első lemezen és a korábbi mentésekben megvannak.',
    todo: WE_LOOK,
  },
  backup_check_failed: {
    subject: 'Hibát találtunk a biztonsági mentés ellenőrzésekor',
    what:
      'Rendszeresen ellenőrizzük, hogy a biztonsági mentések épek-e, és baj esetén vissza lehet-e állítani belőlük az adatokat. ' +
      'A legutóbbi ellenőrzés hibát talált.',
    todo: WE_LOOK,
  },
  restore_completed: {
    subject: 'Sikerült visszaállítani az adatokat',
    what: 'A kért adatok visszaállítása a biztonsági mentésből rendben befejeződött. A fájlok újra a helyükön vannak.',
    todo: 'Önnek nincs teendője. Ha mégis hiányzik valami, kérjük, szóljon nekünk.',
  },
  restore_failed: {
    subject: 'Nem sikerült visszaállítani az adatokat',
    what: 'A kért adatok visszaállítása a biztonsági mentésből nem sikerült. A biztonsági mentés ettől még megvan.',
    todo: WE_LOOK,
  },
  infra_backup_failed: {
    subject: 'Nem sikerült elmenteni a gép beállításait',
    what:
      'A gép beállításairól is készítünk mentést, hogy baj esetén gyorsan újra tudjuk építeni a rendszert. ' +
      'Ez a mentés most nem sikerült. A fényképei és fájljai ettől nincsenek veszélyben.',
    todo: WE_LOOK,
  },
  disk_space_warning: {
    subject: 'Kezd betelni a tárhely',
    what:
      'A gépén kezd elfogyni a szabad hely. Egyelőre minden működik, de ha a tárhely megtelik, ' +
      'nem lehet majd új fényképeket és fájlokat menteni.',
    todo:
      'Ha van, amire már nincs szüksége (például régi videók vagy kétszer elmentett fényképek), érdemes kitörölni. ' +
      'Ha nem biztos benne, mit törölhet, szóljon nekünk, és segítünk.',
  },
  disk_space_critical: {
    subject: 'Majdnem megtelt a tárhely',
    what: 'A gépén szinte teljesen elfogyott a szabad hely. Hamarosan nem lehet majd új fényképeket és fájlokat menteni, és a biztonsági mentés is leállhat.',
    todo: 'Kérjük, minél előbb töröljön, amire már nincs szüksége, vagy keressen minket, és együtt megoldjuk (például egy nagyobb lemezzel).',
  },
  smart_warning: {
    subject: 'Az egyik merevlemez az elhasználódás jeleit mutatja',
    what:
      'A gép egyik merevlemeze a saját ellenőrzése szerint az öregedés első jeleit mutatja. ' +
      'Most még működik, és az adatai megvannak.',
    todo: 'Önnek nincs teendője. Figyeljük a lemezt, és ha cserélni kell, időben jelentkezünk.',
  },
  smart_failure: {
    subject: 'Az egyik merevlemez hamarosan tönkremehet',
    what: 'A gép egyik merevlemeze komoly hibát jelez, és előfordulhat, hogy hamarosan felmondja a szolgálatot.',
    todo: 'Kérjük, vegye fel velünk a kapcsolatot minél előbb, hogy időben kicserélhessük a lemezt, mielőtt adat veszne el.',
  },
  drive_missing: {
    subject: 'A gép nem találja az egyik merevlemezét',
    what: 'A gép nem látja az egyik merevlemezét. Lehet, hogy kilazult vagy kihúzták a kábelét, esetleg elromlott.',
    todo:
      'Ha külső, kábellel csatlakozó lemezről van szó, nézze meg, hogy be van-e dugva és kap-e áramot. ' +
      'Ha így sem jó, hívjon minket, és segítünk.',
  },
  high_temperature: {
    subject: 'Túlmelegedett a gép',
    what: 'A gép a szokásosnál jobban melegszik. A tartós melegedés idővel árthat neki.',
    todo:
      'Nézze meg, hogy a gép körül van-e elég szabad hely, nincs-e letakarva, és nem éri-e közvetlen napfény vagy fűtőtest. ' +
      'Ha ez nem segít, szóljon nekünk.',
  },
  system_reboot: {
    subject: 'Újraindult a gép',
    what: 'A gépe újraindult, például egy áramszünet vagy egy frissítés miatt. Most már újra rendben működik.',
    todo: 'Önnek nincs teendője. Ha gyakran kap ilyen levelet, szóljon nekünk, mert az áramellátással lehet gond.',
  },
  container_unhealthy: {
    subject: 'Az egyik alkalmazás nem működik rendesen',
    what: 'A gépén futó egyik alkalmazás nem válaszol rendesen, ezért lehet, hogy most nem tudja használni.',
    todo: WE_LOOK,
  },
  container_restart_loop: {
    subject: 'Az egyik alkalmazás folyton újraindul',
    what: 'A gépén futó egyik alkalmazás újra és újra leáll, majd elindul, ezért most valószínűleg nem használható.',
    todo: WE_LOOK,
  },
  app_installed: {
    subject: 'Új alkalmazás került a gépére',
    what: 'Egy új alkalmazás került fel a gépére.',
    todo: 'Ha Ön kérte, nincs teendője. Ha nem tud róla, kérjük, szóljon nekünk.',
  },
  app_removed: {
    subject: 'Lekerült egy alkalmazás a gépéről',
    what: 'A gépéről lekerült egy alkalmazás.',
    todo: 'Ha Ön kérte, nincs teendője. Ha nem tud róla, kérjük, szóljon nekünk.',
  },
  controller_started: {
    subject: 'Elindult a gép felügyeleti programja',
    what: 'Elindult a gépén az a program, amely a biztonsági mentéseket és a karbantartást intézi, például egy újraindítás után.',
    todo: NOTHING,
  },
  controller_updated: {
    subject: 'Frissült a gép felügyeleti programja',
    what: 'A gépén az a program, amely a biztonsági mentéseket és a karbantartást intézi, új változatra frissült. Ezzel javításokat és fejlesztéseket kapott.',
    todo: NOTHING,
  },
  controller_update_failed: {
    subject: 'Nem sikerült a frissítés',
    what: 'A gép felügyeleti programjának frissítése nem sikerült. A gép a korábbi változattal ugyanúgy működik tovább.',
    todo: WE_LOOK,
  },
  config_applied: {
    subject: 'Módosultak a gép beállításai',
    what: 'A gép beállításai módosultak, és a változtatás rendben életbe lépett.',
    todo: 'Ha Ön kérte, vagy mi egyeztettük Önnel, nincs teendője. Ha nem tud róla, kérjük, szóljon nekünk.',
  },
  config_apply_failed: {
    subject: 'Nem sikerült módosítani a gép beállításait',
    what: 'A gép beállításainak módosítása nem sikerült. A gép a korábbi beállításokkal működik tovább.',
    todo: WE_LOOK,
  },
  node_stale: {
    subject: 'Egy ideje nem jelentkezett a gépe',
    what: 'Már egy ideje nem kaptunk hírt a gépéről. Lehet, hogy nincs internet, áramszünet volt, vagy a gép kikapcsolt.',
    todo:
      'Ha teheti, nézze meg, hogy a gép be van-e kapcsolva, és működik-e otthon az internet. ' +
      'Ha minden rendben látszik, nincs más teendője: mi is figyeljük.',
  },
  node_down: {
    subject: 'Nem érjük el a gépét',
    what:
      'Hosszabb ideje nem kapunk hírt a gépéről, ezért most valószínűleg a fényképei és fájljai sem érhetők el, ' +
      'és a biztonsági mentés sem tud elkészülni.',
    todo:
      'Kérjük, nézze meg, hogy a gép be van-e kapcsolva (világít-e rajta a lámpa), és működik-e otthon az internet. ' +
      'Ha kikapcsolt, kapcsolja vissza. Ha minden rendben látszik, vagy nem biztos benne, hívjon minket.',
  },
  node_recovered: {
    subject: 'Újra elérjük a gépét',
    what: 'Jó hír: a gépe újra jelentkezik, és minden visszazökkent a rendes kerékvágásba.',
    todo: NOTHING,
  },
  expected_backup_missed: {
    subject: 'Elmaradt a mai biztonsági mentés',
    what: 'Ma éjjel nem készült biztonsági mentés, pedig kellett volna. Lehet, hogy a gép ki volt kapcsolva, vagy nem volt internet.',
    todo: WE_LOOK,
  },
  // Fleet-wide: only the operator is told (customer_id NULL); the text exists as for every type.
  hub_volume_filling: {
    subject: 'Megtelőben van a felügyeleti rendszer tárhelye',
    what: 'A gépeket figyelő központi rendszerünk tárhelye hamarosan megtelik. Ez az Ön gépét és adatait nem érinti.',
    todo: NOTHING,
  },
  expected_dbdump_missed: {
    subject: 'Elmaradt az alkalmazások adatainak mai mentése',
    what:
      'Ma éjjel nem készült mentés a gépén futó alkalmazások (például a naptár vagy a névjegyek) belső adatairól, pedig kellett volna. ' +
      'A korábbi mentések megvannak.',
    todo: WE_LOOK,
  },
}

export const CUSTOMER_SIGNATURE = 'Üdvözlettel:\na Felhom csapata'
export const CUSTOMER_HELP = CALL_US
export const DETAILS_LABEL = 'Műszaki részletek (nekünk szólnak, nem kell értenie):'
export const TIME_LABEL = 'Időpont:'

/**
 * Words that never start or end a key phrase. English: function words, speech fillers and
 * common verbs (a key phrase is a noun phrase, so verbs break it). Japanese: the kanji nouns
 * that carry grammar rather than topic (場合, 次, 方 …).
 */

const ENGLISH_FUNCTION_WORDS = `a an the this that these those there here it its it's they them their theirs we us our ours you your
yours i me my mine he him his she her hers one ones someone something anything everything nothing anyone everyone who whom whose
which what when where why how whether if then than so and or but nor not no yes of in on at by for with without from to into onto
over under about above below between among through during before after until while since as like unlike up down out off again
near across beside behind toward towards against along via per onto upon
very too also just only even still already yet ever never always often sometimes usually really actually basically pretty quite
rather almost maybe perhaps probably definitely certainly simply finally first firstly second secondly third lastly next last
then later once twice every each some any all both either neither other others another same such own more most less least much
many few lot lots bit little way ways thing things stuff kind sort type part okay ok um uh uhm er erm ah oh hmm well yeah yep right
sure anyway honestly alright hey hi hello please thanks thank let's lets let can't don't doesn't didn't won't isn't aren't wasn't
weren't i'm i've i'll i'd you're you've you'll we're we've we'll they're they've that's what's here's there's it'll who's
can could may might must shall should will would ought
be is are was were been being am have has had having do does did done doing get gets got getting go goes went gone going
make makes made making take takes took taken put puts let say says said tell tells told think thinks thought want wants wanted
need needs needed use uses used using look looks looked see sees saw seen come comes came give gives gave given find finds found
keep keeps kept try tries tried start starts started begin begins began seem seems seemed feel feels felt mean means meant
know knows knew talk talks talked work works worked call calls called turn turns turned show shows showed happen happens happened
end ends ended also around back away right left new good great big small high low whole full same main different
today tomorrow yesterday now time times day days week weeks year years higher bigger smaller larger greater fewer rising
falling growing late early harder easier faster slower cheaper better worse`;

// Verbs break a noun phrase ("orders service connects to …" is "orders service"); their
// base and third-person forms, since past forms are caught by their "-ed" ending.
const ENGLISH_VERBS = `add write read listen send receive connect eat drink buy sell pay move bring carry build
ask open close pick choose decide help lead cause affect reduce increase raise lower produce
release require enable prevent depend trigger drive improve slow convert absorb delay push pull emit identify refer
grow arrive sign join leave stop fail pass promote explain cover include contain belong divide
teach learn delegate place accept avoid drain repeat happen become remain stay wait spend save lose win beat meet like hate
hatch lay respond emit absorb breathe nibble release trap block spend rise fall slow wrote knew met went came took made sent ran
ate drank saw grew gave left built bought brought thought told said found held kept led lost paid sat sold stood taught won began drove flew
spoke chose rose fell drew threw wore broke forgot rode shook woke`;

const COMMON_VERBS = `be is are was were been have has had do does did get gets got go goes went make makes made take takes took
put puts say says said tell tells told think thinks want wants need needs use uses look looks see sees come comes give gives find finds
keep keeps try tries start starts begin begins seem seems feel feels mean means know knows talk talks work works call calls turn turns
show shows happen happens end ends`;

const VERB_FORMS = [
  ...COMMON_VERBS.split(/\s+/),
  ...ENGLISH_VERBS.split(/\s+/).flatMap((verb) => [
    verb,
    /(s|sh|ch|x)$/.test(verb)
      ? `${verb}es`
      : verb.endsWith("y") && !/[aeiou]y$/.test(verb)
        ? `${verb.slice(0, -1)}ies`
        : `${verb}s`,
  ]),
];
const ENGLISH_VERB_SET = new Set(VERB_FORMS);
const ENGLISH_STOPWORDS = new Set([...ENGLISH_FUNCTION_WORDS.split(/\s+/), ...VERB_FORMS]);

/** Whether a lower-cased English word is a known verb form. */
export function isEnglishVerb(lower: string): boolean {
  return ENGLISH_VERB_SET.has(lower);
}

const JAPANESE_STOP_NOUNS = new Set(
  `場合 次 最後 最初 今日 説明 方法 感じ 自分 私 今回 前 後 中 上 下 以上 以下 以内 必要 今 全部 全体 部分 一番 本当 大体
結構 普通 簡単 大切 大事 色々 様々 同じ 皆 一方 一緒 他 方 時 間 事 物 人 日 朝 昼 夜 外 内 先 際 分 点 側 目 頃 度 回 的 性
者 達 様 君 彼 誰 何 円 年 月 週 歳 秒 個 本 階 倍 割 件 形 話 今年 来年 去年 本日 毎日 実際 特 特に 主 感 気 状態 予定 結局
正直 是非 大丈夫 整理 紹介 説明 考え 逆 役割 毎日 毎朝 毎晩 毎週 毎月 毎年 今度 今後 全国 一般 問題 場所 理由 意味 内容 関係 影響 種類 以外 未満 程度 他方 両方 全員 自体 部 所 流 流れ 手順 以前 以降
`
    .split(/\s+/)
    .filter(Boolean),
);

/** Whether an English word (lower-cased) is too common to be part of a key phrase's edge. */
export function isEnglishStopword(lower: string): boolean {
  return ENGLISH_STOPWORDS.has(lower);
}

/** Whether a Japanese kanji/katakana run is a grammatical noun rather than a topic. */
export function isJapaneseStopNoun(word: string): boolean {
  return JAPANESE_STOP_NOUNS.has(word);
}

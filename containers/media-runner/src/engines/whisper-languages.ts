/**
 * The languages a multilingual Whisper model transcribes, by the codes whisper.cpp's `-l` takes
 * (its g_lang table: ISO 639-1 where one exists, "haw" and "yue" otherwise, and whisper's own
 * "jw" for Javanese). An English-only model (*.en.bin) does "en" alone.
 */
export const WHISPER_LANGUAGES: readonly string[] = [
  "en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv", "it", "id", "hi", "fi", "vi",
  "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no", "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk",
  "te", "fa", "lv", "bn", "sr", "az", "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw",
  "gl", "mr", "pa", "si", "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo",
  "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su", "yue",
];

/** True for a model file that knows English only (ggml-base.en.bin, ggml-small.en-q5_1.bin). */
export function isEnglishOnlyModel(fileName: string): boolean {
  return /\.en([.-]|$)/.test(fileName.replace(/\.bin$/, ""));
}

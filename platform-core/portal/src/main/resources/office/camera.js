// A photo for the on-site confirmation: from the webcam through the browser's camera API (getUserMedia,
// allowed to this site only by its Permissions-Policy), or an uploaded JPEG. The photo stays in the page
// until it is sent; the camera is stopped as soon as the photo is taken or the page changes.
import { h, announce } from "./dom.js";
import { t } from "./i18n.js";

function base64(blob) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(",")[1]);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
}

/**
 * The capture widget; photo() gives the base64 JPEG taken or uploaded, or null. A camera picture is cut to
 * the region's photo rules ({maxWidth, maxHeight}: the largest size they allow, centred) before it is kept.
 */
export function photoCapture(id, rules) {
  let photo = null;
  let stream = null;
  const status = h("p", { class: "hint", id: id + "-status" });
  const preview = h("img", { class: "photo-preview", id: id + "-preview", alt: t("photo.preview"), hidden: true });
  const video = h("video", { id: id + "-video", autoplay: true, playsinline: true, muted: true, hidden: true });
  const take = h("button", { type: "button", class: "secondary", id: id + "-take", hidden: true, onclick: snap }, t("photo.take"));
  const start = h("button", { type: "button", class: "secondary", id: id + "-start", onclick: startCamera }, t("photo.start"));
  const upload = h("input", { type: "file", id: id + "-file", accept: "image/jpeg", onchange: async () => {
    const f = upload.files[0];
    if (!f) return;
    stop();
    photo = await base64(f);
    preview.src = URL.createObjectURL(f);
    preview.hidden = false;
    status.textContent = t("photo.ready");
  } });

  async function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      status.textContent = t("photo.noCamera");
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 800 } }, audio: false });
      video.srcObject = stream;
      video.hidden = false;
      take.hidden = false;
      status.textContent = t("photo.cameraOn");
    } catch (e) {
      status.textContent = t("photo.noCamera");
    }
    announce(status.textContent);
  }

  function snap() {
    const canvas = document.createElement("canvas");
    const vw = video.videoWidth || 480;
    const vh = video.videoHeight || 640;
    canvas.width = Math.min(vw, (rules && rules.maxWidth) || vw);
    canvas.height = Math.min(vh, (rules && rules.maxHeight) || vh);
    // the centre of the picture, as large as the photo's proportions allow
    const scale = Math.min(vw / canvas.width, vh / canvas.height);
    const sw = canvas.width * scale;
    const sh = canvas.height * scale;
    canvas.getContext("2d").drawImage(video, (vw - sw) / 2, (vh - sh) / 2, sw, sh, 0, 0, canvas.width, canvas.height);
    canvas.toBlob(async (blob) => {
      photo = await base64(blob);
      preview.src = URL.createObjectURL(blob);
      preview.hidden = false;
      stop();
      status.textContent = t("photo.ready");
      announce(status.textContent);
    }, "image/jpeg", 0.85);
  }

  function stop() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    take.hidden = true;
  }
  window.addEventListener("popstate", stop, { once: true });

  const element = h("div", { class: "photo", id },
    h("div", { class: "actions" }, start, take),
    video,
    h("label", { for: id + "-file" }, t("photo.upload")), upload,
    status, preview);
  return { element, photo: () => photo, stop };
}

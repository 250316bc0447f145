//! Throughline's web application (`throughline serve`): the published Track
//! guide served live, and the pages where the secretariat, track
//! coordinators and session organisers do their work. A thin interface:
//! every handler reads its input, calls one use case of `throughline-app`
//! with the caller as the actor, and renders the answer. Access is decided
//! there, never here; this crate only proves who the caller is.

pub mod api;
pub mod caller;
pub mod config;
pub mod form;
pub mod pages;
pub mod public;
pub mod respond;
pub mod state;
pub mod templates;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};
use throughline_app::App;

pub use config::Config;
pub use state::AppState;

use pages::{
    admin, agenda, me, mechanisms, reporting, session_portal, session_report, sign_in, timetable, track_queue, venue,
};

/// Declares every route once: the router is built from this list, and the
/// authorisation matrix test walks [`ROUTES`], so no route can exist that
/// the test does not know.
macro_rules! routes {
    ($( $method:ident $path:literal => $handler:expr ; )*) => {
        /// Every route of the server: (method, path).
        pub const ROUTES: &[(&str, &str)] = &[ $( (stringify!($method), $path) ),* ];

        fn add_routes(router: Router<AppState>) -> Router<AppState> {
            router $( .route($path, $method($handler)) )*
        }
    };
}

routes! {
    get "/" => public::home;
    get "/assets/app.css" => public::app_css;
    get "/assets/queue.js" => public::queue_js;
    get "/f/{forum}/" => public::guide_index;
    get "/f/{forum}/{*path}" => public::guide_file;
    get "/sign-in" => sign_in::form;
    post "/sign-in" => sign_in::submit;
    get "/sign-in/link/{token}" => sign_in::link_form;
    post "/sign-in/link/{token}" => sign_in::link_submit;
    post "/sign-out" => sign_in::sign_out;
    get "/me" => me::show;
    post "/me/password" => me::set_password;
    post "/me/tokens" => me::create_token;
    post "/me/tokens/{id}/revoke" => me::revoke_token;
    get "/agenda/{forum}" => agenda::show;
    post "/agenda/{forum}" => agenda::change;
    get "/agenda/{forum}/agenda.ics" => agenda::calendar;
    get "/manage/{forum}" => admin::home;
    post "/manage/{forum}/publish" => admin::publish;
    post "/manage/{forum}/tracks" => admin::create_track;
    get "/manage/{forum}/users" => admin::users;
    post "/manage/{forum}/users/invite" => admin::invite;
    post "/manage/{forum}/users/invite-csv" => admin::invite_csv;
    post "/manage/{forum}/users/remove-role" => admin::remove_role;
    get "/manage/{forum}/import" => admin::import_form;
    post "/manage/{forum}/import" => admin::import;
    get "/manage/{forum}/audit" => admin::audit;
    get "/manage/{forum}/venue" => venue::show;
    post "/manage/{forum}/venue/rooms" => venue::save_rooms;
    post "/manage/{forum}/venue/slots" => venue::save_slots;
    get "/manage/{forum}/mechanisms" => mechanisms::show;
    post "/manage/{forum}/mechanisms/merge" => mechanisms::merge;
    post "/manage/{forum}/mechanisms/unmerge" => mechanisms::unmerge;
    get "/manage/{forum}/reports" => reporting::forum;
    get "/manage/{forum}/timetable" => timetable::show;
    post "/manage/{forum}/timetable/solve" => timetable::solve;
    post "/manage/{forum}/timetable/repairs/{number}" => timetable::decide_repair;
    get "/manage/{forum}/tracks/{track}" => track_queue::show;
    post "/manage/{forum}/tracks/{track}/decide" => track_queue::decide;
    post "/manage/{forum}/tracks/{track}/discover" => track_queue::discover;
    post "/manage/{forum}/tracks/{track}/edit" => track_queue::edit;
    post "/manage/{forum}/tracks/{track}/repair" => timetable::propose_repair;
    get "/manage/{forum}/tracks/{track}/reports" => reporting::track;
    get "/manage/{forum}/sessions/{code}" => session_portal::show;
    post "/manage/{forum}/sessions/{code}" => session_portal::save;
    post "/manage/{forum}/sessions/{code}/claim" => session_portal::claim;
    post "/manage/{forum}/sessions/{code}/mechanisms" => session_portal::record_mechanism;
    get "/manage/{forum}/sessions/{code}/report" => session_report::show;
    post "/manage/{forum}/sessions/{code}/report" => session_report::save;
    get "/api/v1/openapi.json" => api::openapi_json;
    get "/api/v1/forums" => api::reading::forums;
    get "/api/v1/forums/{forum}/sessions" => api::reading::sessions;
    get "/api/v1/forums/{forum}/sessions/{code}" => api::reading::session;
    get "/api/v1/forums/{forum}/tracks" => api::reading::tracks;
    get "/api/v1/forums/{forum}/timetable" => api::reading::timetable;
    get "/api/v1/forums/{forum}/clashes" => api::curation::clashes;
    get "/api/v1/forums/{forum}/tracks/{track}/memberships" => api::curation::memberships;
    post "/api/v1/forums/{forum}/tracks/{track}/memberships" => api::curation::decide;
    get "/api/v1/forums/{forum}/agenda" => api::agenda::show;
    put "/api/v1/forums/{forum}/agenda/{code}" => api::agenda::add;
    delete "/api/v1/forums/{forum}/agenda/{code}" => api::agenda::remove;
}

/// The whole application as a router (what `serve` runs, and what tests call).
pub fn router(state: AppState) -> Router {
    add_routes(Router::new())
        .layer(axum::middleware::from_fn_with_state(state.clone(), respond::security_headers))
        .layer(axum::middleware::from_fn(respond::request_log))
        .layer(DefaultBodyLimit::max(admin_upload_limit()))
        .with_state(state)
}

fn admin_upload_limit() -> usize {
    pages::admin::MAX_UPLOAD + 64 * 1024
}

/// Runs the server until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(config: Config) -> Result<(), String> {
    let app = App::open(&config.database_url).await.map_err(|e| e.to_string())?;
    let listen = config.listen.clone();
    let state = AppState::new(app, config)?;
    let listener =
        tokio::net::TcpListener::bind(&listen).await.map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    tracing::info!(address = %listen, "serving");
    axum::serve(listener, router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing the requests in flight");
}

/// Structured logs (JSON lines) on standard error.
pub fn init_logging() {
    let _ = tracing_subscriber::fmt().json().with_writer(std::io::stderr).try_init();
}
